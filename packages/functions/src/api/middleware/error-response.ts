import type { MiddlewareObj } from "@middy/core";
import { InvalidCursorError } from "@targetwatch/core/adapters/dynamodb";
import { WorkshopUpdateConflictError } from "@targetwatch/core/ports";
import { AlarmUpdateError, InvalidTokenError, NotFoundError } from "@targetwatch/core/queries";
import { AccountLimitError, RoleNotAllowedError } from "@targetwatch/core/rules";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from "aws-lambda";
import type { ApiLogger } from "../create-api-handler.ts";
import { ApiError } from "../errors.ts";
import { json } from "../http.ts";

/**
 * Every failure becomes `{ "error": { code, message, details? } }`: the client's mistakes with
 * their 4xx, anything unexpected a 500 that names the request id to look up in the logs — never
 * a stack trace. The unexpected is logged with the invocation's Lambda context.
 */
export function errorResponse(
  logger: ApiLogger,
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2> {
  return {
    onError: async (request) => {
      const error = request.error;
      const known = toApiError(error);
      if (!known) {
        const log = typeof logger === "function" ? await logger() : logger;
        log.addContext(request.context);
        log.error("unhandled error", { error: error as Error });
      }
      const e =
        known ??
        new ApiError(500, "InternalError", `internal error; request id ${request.context.awsRequestId}`);
      request.response = json(
        e.status,
        { error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) } },
        e.headers,
      );
    },
  };
}

function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof NotFoundError) return new ApiError(404, "NotFound", error.message);
  // CloudWatch's failure, not the client's: 502 says "try again", and nothing was half-done.
  if (error instanceof AlarmUpdateError) return new ApiError(502, "AlarmUpdateFailed", error.message);
  // Others kept changing the workshop: nothing was changed, the same request may simply be sent again.
  if (error instanceof WorkshopUpdateConflictError) return new ApiError(409, "Conflict", error.message);
  if (error instanceof AccountLimitError) return new ApiError(409, "AccountLimitReached", error.message);
  if (error instanceof RoleNotAllowedError) {
    return new ApiError(400, "ValidationError", `invalid body: roleName: ${error.message}`, {
      details: [{ field: "body.roleName", message: error.message }],
    });
  }
  if (error instanceof InvalidTokenError || error instanceof InvalidCursorError) {
    return new ApiError(
      400,
      "InvalidNextToken",
      "nextToken is not valid for this query; start again without it",
    );
  }
  return undefined;
}
