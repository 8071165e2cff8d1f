import { x } from "@targetwatch/core"; console.log("x", x, process.version);
