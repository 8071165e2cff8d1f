import type { RequestContext, SimResponse } from "../protocol.ts";
import { ELBV2_NAMESPACE } from "./xml.ts";

/** `<XResponse><XResult>…</XResult><ResponseMetadata>…</ResponseMetadata></XResponse>`, awsQuery's envelope. */
export function elbv2Response(action: string, resultXml: string, ctx: RequestContext): SimResponse {
  const body =
    `<${action}Response xmlns="${ELBV2_NAMESPACE}"><${action}Result>${resultXml}</${action}Result>` +
    `<ResponseMetadata><RequestId>${ctx.requestId}</RequestId></ResponseMetadata></${action}Response>`;
  // The JS SDK takes $metadata.requestId from this header, not from the body.
  return { status: 200, headers: { "content-type": "text/xml", "x-amzn-requestid": ctx.requestId }, body };
}
