import { Logger } from "@aws-lambda-powertools/logger";
import type { WorkshopQueries } from "@targetwatch/core/queries";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { describe, expect, it, vi } from "vitest";
import { createApi } from "../../src/api/create-api-handler.ts";

const TOKEN = "a-token-for-this-test";

function event(path: string, token = TOKEN): APIGatewayProxyEventV2 {
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: "",
    headers: { authorization: `Bearer ${token}` },
    requestContext: {
      http: { method: "GET", path, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "test" },
      requestId: "r",
    },
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}
const context = { awsRequestId: "req-123", functionName: "targetwatch-api" } as Context;

describe("the API's logger, made on demand", () => {
  it("is made by the first unhandled error, which it logs with the invocation's context", async () => {
    // Prepare
    const logger = new Logger({ logLevel: "SILENT" });
    const addContext = vi.spyOn(logger, "addContext");
    const error = vi.spyOn(logger, "error");
    const makeLogger = vi.fn(async () => logger);
    const failure = new Error("the store fell over");
    const queries = {
      listWorkshops: async () => {
        throw failure;
      },
    } as unknown as WorkshopQueries;
    const api = createApi({ queries, token: TOKEN, logger: makeLogger });
    // Act
    const health = await api.handler(event("/health"), context);
    const refused = await api.handler(event("/workshops", "not-the-token-at-all"), context);
    const notFound = await api.handler(event("/no-such-path"), context);
    const beforeFailure = makeLogger.mock.calls.length;
    const failed = await api.handler(event("/workshops"), context);
    const again = await api.handler(event("/workshops"), context);
    // Assess
    expect([health, refused, notFound].map((r) => (r as { statusCode: number }).statusCode)).toEqual([
      200, 401, 404,
    ]);
    expect(beforeFailure).toBe(0);
    expect(failed).toMatchObject({ statusCode: 500 });
    expect(JSON.parse((failed as { body: string }).body)).toEqual({
      error: { code: "InternalError", message: "internal error; request id req-123" },
    });
    expect(again).toMatchObject({ statusCode: 500 });
    expect(addContext).toHaveBeenCalledWith(context);
    expect(error).toHaveBeenCalledWith("unhandled error", { error: failure });
    expect(error).toHaveBeenCalledTimes(2);
  });
});
