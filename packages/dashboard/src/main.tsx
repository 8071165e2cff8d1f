// Entry point: reads the workshop and refresh period from the address, and mounts the page.
import { render } from "preact";
import { App } from "./app.tsx";
import { pageConfig } from "./config.ts";
import "./styles.css";

const config = pageConfig(window.location.search);
document.title = `targetwatch — ${config.workshop}`;
render(<App config={config} />, document.getElementById("app") as HTMLElement);
