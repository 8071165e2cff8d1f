import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import type { HttpApiHandler } from "./api-gateway-server.ts";
import { fromHttpApiResult, type HttpApiResponse, InvalidHandlerResultError } from "./http-api-result.ts";

const TIMED_OUT = Symbol("timed out");

/**
 * One invocation as API Gateway makes it: the handler's result as the response, or API Gateway's
 * own 500 for a failed or malformed invocation and 503 past the timeout (each logged with its
 * request id).
 */
export async function invokeHandler(
  handler: HttpApiHandler,
  event: APIGatewayProxyEventV2,
  context: Context,
  { timeoutMs, log }: { timeoutMs: number; log: (line: string) => void },
): Promise<HttpApiResponse> {
  const requestId = context.awsRequestId;
  const invocation = Promise.resolve().then(() => handler(event, context));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs);
  });
  try {
    const outcome = await Promise.race([invocation, deadline]);
    if (outcome === TIMED_OUT) {
      invocation.catch(() => {}); // a late failure has nobody left to answer
      log(`api-gateway ${requestId}: ${event.routeKey}: the handler did not answer within ${timeoutMs} ms`);
      return errorResponse(503, "Service Unavailable");
    }
    return fromHttpApiResult(outcome);
  } catch (error) {
    const what = error instanceof InvalidHandlerResultError ? "invalid handler result" : "handler failed";
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`api-gateway ${requestId}: ${event.routeKey}: ${what}: ${detail}`);
    return errorResponse(500, "Internal Server Error");
  } finally {
    clearTimeout(timer);
  }
}

/** API Gateway's own answer, `{"message": …}`. */
export function errorResponse(statusCode: number, message: string): HttpApiResponse {
  return {
    statusCode,
    headers: { "content-type": "application/json" },
    cookies: [],
    body: Buffer.from(JSON.stringify({ message }), "utf8"),
  };
}
