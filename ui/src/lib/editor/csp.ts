// The nonce for styles created at run time. The CSP allows no inline styles; Tauri stamps
// every <style> of index.html with a fresh nonce when it serves the page and adds that nonce
// to style-src. index.html carries one empty <style id="csp-nonce-carrier"> for this, and
// CodeMirror (EditorView.cspNonce) stamps its own <style> element with the same nonce.

/** The nonce Tauri gave this page, or undefined outside Tauri (no CSP there). */
export function styleNonce(doc: Document = document): string | undefined {
  const el =
    (doc.getElementById("csp-nonce-carrier") as HTMLStyleElement | null) ??
    doc.querySelector<HTMLStyleElement>("style[nonce]");
  // The `nonce` property survives the browser hiding the attribute after parsing.
  const nonce = el?.nonce || el?.getAttribute("nonce") || "";
  // An unreplaced token means the page was not served by Tauri's asset handler.
  return nonce && !nonce.startsWith("__TAURI") ? nonce : undefined;
}
