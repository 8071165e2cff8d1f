import { readFile } from "node:fs/promises";
import { extname, join } from "node:path";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { ApiError } from "./errors.ts";
import { pathParameter } from "./http.ts";
import type { Route } from "./routes.ts";
import { parse } from "./validation/request-validation.ts";

/** Content types of what the dashboard's build writes (packages/dashboard/build). */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

/**
 * The facilitators' page (packages/dashboard), served by the API itself so it deploys with the
 * stack and shares the API's origin: the board request needs no CORS. No token: the page holds
 * no data; it asks for the token and sends it with the board request. `index.html` is
 * revalidated on every load (it names the current build's files); the hashed files never change
 * under their name, so browsers keep them for good.
 *
 * `dir` is the built page (`packages/dashboard/dist`, copied into the Lambda's package by infra);
 * without it, or without the file, the routes answer 404. Files are read once and kept.
 */
export function dashboardRoutes(dir: string | undefined): Route[] {
  const files = new Map<string, Promise<Buffer>>();
  const serve = async (name: string, cacheControl: string): Promise<APIGatewayProxyStructuredResultV2> => {
    let body = files.get(name);
    if (!body) {
      body = dir === undefined ? Promise.reject(new Error("no page")) : readFile(join(dir, name));
      files.set(name, body);
      body.catch(() => files.delete(name));
    }
    let content: Buffer;
    try {
      content = await body;
    } catch {
      throw new ApiError(
        404,
        "NotFound",
        `the dashboard has no ${name}${dir ? "" : ": it is not deployed with this API"}`,
      );
    }
    return {
      statusCode: 200,
      headers: {
        "content-type": CONTENT_TYPES[extname(name)] ?? "application/octet-stream",
        "cache-control": cacheControl,
        "x-content-type-options": "nosniff",
      },
      body: content.toString("utf8"),
    };
  };
  return [
    {
      method: "GET",
      path: "/",
      summary: "The facilitators' dashboard (no token needed: the page asks for it)",
      description:
        "Open it as `/#token=<token>` to hand the page the token without typing it (docs/dashboard.md).",
      public: true,
      responses: { 200: { description: "The page (text/html)" }, 404: { description: "Not deployed" } },
      handler: () => serve("index.html", "no-cache"),
    },
    {
      method: "GET",
      path: "/assets/{file}",
      summary: "The dashboard's script and stylesheet (no token needed)",
      public: true,
      pathParams: { file: "dashboardAssetNameSchema" },
      responses: {
        200: { description: "The file, cacheable for good" },
        404: { description: "No such file" },
      },
      handler: async (event) => {
        const name = await parse("dashboardAssetNameSchema", pathParameter(event, "file"), "path.file");
        return serve(name, "public, max-age=31536000, immutable");
      },
    },
  ];
}
