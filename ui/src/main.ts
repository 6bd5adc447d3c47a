import "@fontsource/be-vietnam-pro/400.css";
import "@fontsource/be-vietnam-pro/500.css";
import "@fontsource/be-vietnam-pro/600.css";
import "@fontsource/be-vietnam-pro/700.css";
import "./app.css";
import "./reading.css";
import { mount } from "svelte";
import App from "./App.svelte";
import { setBackend } from "./lib/backend";
import { inTauri, tauriBackend } from "./lib/backend/tauri";

if (inTauri()) setBackend(tauriBackend);

mount(App, { target: document.getElementById("app")! });
