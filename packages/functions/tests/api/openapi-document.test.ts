import { createHash } from "node:crypto";
import { Logger } from "@aws-lambda-powertools/logger";
import { WorkshopQueries } from "@targetwatch/core";
import { startApiGatewayServer } from "@targetwatch/local";
import { describe, expect, it } from "vitest";
import { createApi } from "../../src/api/create-api-handler.ts";

/**
 * The OpenAPI document `GET /openapi.json` serves, pinned byte for byte: moving the schemas or
 * the routes around must not change what clients read. An intended change of the API updates
 * the snapshot file (`npx vitest run -u <this file>`) and the hash below, in the same commit.
 */
const SERVED_SHA256 = "1e7dd5426d34a07f0b790e4a2b27494d7b9e0f598f714ed6d5ace84d6f91e3c1";

describe("GET /openapi.json", () => {
  it("serves the pinned document", async () => {
    const api = createApi({
      queries: new WorkshopQueries({ store: {} as never, defaultRegions: [], tokenSecret: "t" }),
      token: "a-token-for-this-test",
      logger: new Logger({ logLevel: "SILENT" }),
    });
    const server = await startApiGatewayServer({ handler: api.handler, routes: ["$default"] });
    try {
      const response = await fetch(`${server.url}/openapi.json`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
      const served = await response.text();
      await expect(`${JSON.stringify(JSON.parse(served), null, 2)}\n`).toMatchFileSnapshot(
        "__snapshots__/openapi.json",
      );
      expect(createHash("sha256").update(served).digest("hex")).toBe(SERVED_SHA256);
    } finally {
      await server.close();
    }
  });
});
