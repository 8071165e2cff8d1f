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
const SERVED_SHA256 = "fee80f5b3ff2a4eb9a2a500e12613914ce6edac1159fda2d3a768da82b85d3a5";

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
