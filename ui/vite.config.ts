import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// The desktop shell embeds `dist/` at compile time (tauri.conf.json: frontendDist).
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    target: "es2022",
    outDir: "dist",
    emptyOutDir: true,
    // No inline scripts or data: fonts, so the strict CSP (script-src 'self') holds.
    assetsInlineLimit: 0,
    sourcemap: false,
    rolldownOptions: {
      output: {
        // CodeMirror in two chunks of its own: the editor, and the HTML, CSS and JavaScript
        // grammars that Markdown embeds (each under Vite's 500 kB warning).
        codeSplitting: {
          groups: [
            {
              name: "codemirror-grammars",
              test: /node_modules[\\/](@codemirror[\\/]lang-(html|css|javascript)|@lezer[\\/](html|css|javascript))[\\/]/,
              priority: 2,
            },
            { name: "codemirror", test: /node_modules[\\/](@codemirror|@lezer|style-mod|w3c-keyname|crelt)[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
    // Component tests run the real backend (`sotay ipc`, a process per call): give them room
    // on a loaded 2-core machine.
    testTimeout: 30_000,
  },
  // Svelte 5 resolves its client runtime under the "browser" condition (also in tests).
  resolve: { conditions: ["browser"] },
});
