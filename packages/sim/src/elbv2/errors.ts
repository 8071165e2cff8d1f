import { AwsApiError, type ErrorType, type RequestContext, type SimResponse } from "../protocol.ts";
import { ELBV2_NAMESPACE, escapeXml } from "./xml.ts";

/** An ELBv2 API error, thrown by action handlers and rendered as AWS's XML error document. */
export class Elbv2Error extends AwsApiError {
  constructor(code: string, message: string, status = 400, type?: ErrorType) {
    super(code, message, status, type);
    this.name = "Elbv2Error";
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
