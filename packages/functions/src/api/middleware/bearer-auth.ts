import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { ApiError } from "../errors.ts";
import { templatePattern } from "../router.ts";

/**
 * Requires `Authorization: Bearer <token>` except on `publicPaths` (route templates such as
 * `/assets/{file}`, matched as the router matches them). Both sides are hashed first
 * so the comparison takes the same time whatever the token's length or content.
 */
export function bearerAuth(options: {
  token: string;
  publicPaths: string[];
}): MiddlewareObj<APIGatewayProxyEventV2> {
  const expected = digest(options.token);
  const open = options.publicPaths.map(templatePattern);
  return {
    before: (request) => {
      const { event } = request;
      if (open.some((path) => path.test(event.rawPath)) || event.requestContext.http.method === "OPTIONS")
        return;
      const header = event.headers?.authorization ?? "";
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      const challenge = { "www-authenticate": 'Bearer realm="targetwatch"' };
      if (!match) {
        throw new ApiError(401, "Unauthorized", "send the API token as 'Authorization: Bearer <token>'", {
          headers: challenge,
        });
      }
      if (!timingSafeEqual(digest(match[1] as string), expected)) {
        throw new ApiError(401, "Unauthorized", "the API token is not valid", { headers: challenge });
      }
    },
  };
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}
