import { escapeXml } from "../elbv2/xml.ts";
import { AwsApiError, type ErrorType, type RequestContext, type SimResponse } from "../protocol.ts";

export const STS_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

/**
 * How STS answers: XML (awsQuery, what the SDKs and the CLI read), or JSON when the request asks
 * for it with `Accept: application/json`, as aws-iam-authenticator's verifier does.
 */
export type StsFormat = "xml" | "json";

/** A result member: text, or nested members in the order AWS sends them. */
export type StsValue = string | { [member: string]: StsValue };

/** An STS API error, rendered as AWS's `ErrorResponse`. */
export class StsError extends AwsApiError {
  constructor(code: string, message: string, status = 400, type?: ErrorType) {
    super(code, message, status, type);
    this.name = "StsError";
  }
}

export function stsFormatOf(accept: string | undefined): StsFormat {
  return accept?.toLowerCase().includes("application/json") ? "json" : "xml";
}

/** `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>…</ResponseMetadata></ActionResponse>`. */
export function stsResponse(
  action: string,
  result: Record<string, StsValue>,
  ctx: RequestContext,
  format: StsFormat,
): SimResponse {
  const metadata = { RequestId: ctx.requestId };
  if (format === "json") {
    const body = { [`${action}Response`]: { [`${action}Result`]: result, ResponseMetadata: metadata } };
    return answer(200, "application/json", JSON.stringify(body), ctx);
  }
  const body =
    `<${action}Response xmlns="${STS_NAMESPACE}"><${action}Result>${toXml(result)}</${action}Result>` +
    `<ResponseMetadata>${toXml(metadata)}</ResponseMetadata></${action}Response>`;
  return answer(200, "text/xml", body, ctx);
}

/** AWS's awsQuery error shape, or its JSON rendering. */
export function stsErrorResponse(error: StsError, ctx: RequestContext, format: StsFormat): SimResponse {
  const detail = { Type: error.type, Code: error.code, Message: error.message };
  if (format === "json") {
    return answer(
      error.status,
      "application/json",
      JSON.stringify({ Error: detail, RequestId: ctx.requestId }),
      ctx,
    );
  }
  const body =
    `<ErrorResponse xmlns="${STS_NAMESPACE}"><Error>${toXml(detail)}</Error>` +
    `<RequestId>${ctx.requestId}</RequestId></ErrorResponse>`;
  return answer(error.status, "text/xml", body, ctx);
}

function toXml(members: Record<string, StsValue>): string {
  let xml = "";
  for (const [name, value] of Object.entries(members)) {
    xml += `<${name}>${typeof value === "string" ? escapeXml(value) : toXml(value)}</${name}>`;
  }
  return xml;
}

function answer(status: number, contentType: string, body: string, ctx: RequestContext): SimResponse {
  return { status, headers: { "content-type": contentType, "x-amzn-requestid": ctx.requestId }, body };
}
