import type { MiddlewareObj, Request } from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from "aws-lambda";

/**
 * `Vary: Origin`, exactly once, on every answer of an API with CORS on. Each such answer depends
 * on the request's Origin: an allowed origin gets `Access-Control-Allow-Origin`, another origin
 * (or none) does not, so a shared cache must not hand one origin's answer to another.
 * @middy/http-cors adds `Vary: Origin` only when it echoes an allowed origin or several are
 * configured; with a single allowed origin, its refusals went without it. Registered before the
 * CORS middleware so that it runs after it (middy runs `after` and `onError` hooks in reverse),
 * and merges with whatever `Vary` the answer has.
 */
export function varyOrigin(): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2> {
  const addVary = (request: Request<APIGatewayProxyEventV2, APIGatewayProxyResultV2>) => {
    const response = request.response;
    // A bare string or nothing: nothing to add a header to (API Gateway makes a 200 of a string).
    if (response === undefined || response === null || typeof response !== "object") return;
    const headers = { ...response.headers };
    const names = Object.keys(headers).filter((name) => name.toLowerCase() === "vary");
    const entries = names.flatMap((name) => String(headers[name]).split(","));
    for (const name of names) delete headers[name];
    const vary = [...entries.map((entry) => entry.trim()).filter(Boolean), "Origin"];
    // Header values are case-insensitive: http-cors's own `Origin` and ours are one entry.
    const unique = vary.filter(
      (entry, index) => vary.findIndex((other) => other.toLowerCase() === entry.toLowerCase()) === index,
    );
    request.response = { ...response, headers: { ...headers, vary: unique.join(", ") } };
  };
  return { after: addVary, onError: addVary };
}
