import type { RequestContext, SimResponse } from "../protocol.ts";
import { ELBV2_NAMESPACE, escapeXml } from "./xml.ts";

/** Sender errors are the caller's fault (HTTP 400); Receiver errors are AWS's (5xx). */
export type ErrorType = "Sender" | "Receiver";

/** An ELBv2 API error, thrown by action handlers and rendered as AWS's XML error document. */
export class Elbv2Error extends Error {
  readonly code: string;
  readonly status: number;
  readonly type: ErrorType;

  constructor(
    code: string,
    message: string,
    status = 400,
    type: ErrorType = status >= 500 ? "Receiver" : "Sender",
  ) {
    super(message);
    this.name = "Elbv2Error";
    this.code = code;
    this.status = status;
    this.type = type;
  }
}

/** AWS's awsQuery error shape: `<ErrorResponse><Error>…</Error><RequestId>…</RequestId></ErrorResponse>`. */
export function elbv2ErrorResponse(error: Elbv2Error, ctx: RequestContext): SimResponse {
  const body =
    `<ErrorResponse xmlns="${ELBV2_NAMESPACE}"><Error><Type>${error.type}</Type>` +
    `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error>` +
    `<RequestId>${ctx.requestId}</RequestId></ErrorResponse>`;
  return {
    status: error.status,
    headers: { "content-type": "text/xml", "x-amzn-requestid": ctx.requestId },
    body,
  };
}
