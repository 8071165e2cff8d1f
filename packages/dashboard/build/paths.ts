/**
 * Where the built page lives, for whatever serves it (the API at `/`, the test server). The
 * page is built by `npm run build` (`build/build.ts`); nothing is fetched at run time.
 */
import { fileURLToPath } from "node:url";

/** `packages/dashboard/dist/`: `index.html` and its hashed script and stylesheet. */
export const DASHBOARD_DIST = fileURLToPath(new URL("../dist/", import.meta.url));

/** Content types of the files the build writes. */
export const DASHBOARD_CONTENT_TYPES: Readonly<Record<string, string>> = Object.freeze({
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
});
