import { Logger } from "@aws-lambda-powertools/logger";
import { WorkshopQueries } from "@targetwatch/core";
import { describe, expect, it } from "vitest";
import { createApi } from "../../src/api/create-api-handler.ts";
import { API_ROUTE_KEYS } from "../../src/api/route-keys.ts";
import { routeKeys } from "../../src/api/routes.ts";

describe("API_ROUTE_KEYS", () => {
  it("lists exactly the routes the handler serves, for infra to deploy", () => {
    const api = createApi({
      queries: new WorkshopQueries({ store: {} as never, defaultRegions: [], tokenSecret: "t" }),
      token: "a-token-for-this-test",
      logger: new Logger({ logLevel: "SILENT" }),
    });
    expect([...API_ROUTE_KEYS].sort()).toEqual(routeKeys(api.routes).sort());
  });
});
