import "@fontsource/be-vietnam-pro/400.css";
import "@fontsource/be-vietnam-pro/500.css";
import "@fontsource/be-vietnam-pro/600.css";
import "@fontsource/be-vietnam-pro/700.css";
// Lot codes, GTINs and serials: a zero with a dot, never mistaken for the letter O.
import "@fontsource/jetbrains-mono/400.css";
import "./app.css";
import "./reading.css";
import { mount } from "svelte";
import App from "./App.svelte";
import { setBackend } from "./lib/backend";
import { inTauri, tauriBackend } from "./lib/backend/tauri";

if (inTauri()) setBackend(tauriBackend);

mount(App, { target: document.getElementById("app")! });

// "Interactive": the first screen shows the user's data (or says there is none yet). The
// end-to-end harness measures cold start from the process's start to this mark
// (docs/performance.md); the mark costs nothing otherwise.
const firstScreen = new MutationObserver(() => {
  if (document.querySelector("[data-testid=handbook-title], .empty")) {
    performance.mark("sotay-interactive");
    firstScreen.disconnect();
  }
});
firstScreen.observe(document.body, { childList: true, subtree: true });
