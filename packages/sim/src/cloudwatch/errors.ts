import { AwsApiError, type RequestContext, type SimResponse } from "../protocol.ts";
import { JSON_CONTENT_TYPE } from "./wire.ts";

/**
 * What the model says about each query-style code CloudWatch can answer with: the Smithy shape the
 * SDK maps it to (its `awsQueryError` trait names the code) and the HTTP status AWS uses.
 * Codes that are not modeled (`Throttling`, `InvalidAction`, `SerializationException`) reach the
 * SDK as a `CloudWatchServiceException` whose `name` is the code, which is what AWS does too.
 */
const MODELED_ERRORS: Record<string, { shape: string; status: number }> = {
  InvalidParameterValue: { shape: "InvalidParameterValueException", status: 400 },
  InvalidParameterCombination: { shape: "InvalidParameterCombinationException", status: 400 },
  MissingParameter: { shape: "MissingRequiredParameterException", status: 400 },
  ResourceNotFound: { shape: "ResourceNotFound", status: 404 },
  ResourceNotFoundException: { shape: "ResourceNotFoundException", status: 404 },
  InvalidNextToken: { shape: "InvalidNextToken", status: 400 },
  LimitExceeded: { shape: "LimitExceededFault", status: 400 },
  LimitExceededException: { shape: "LimitExceededException", status: 400 },
  InvalidFormat: { shape: "InvalidFormatFault", status: 400 },
  InternalServiceError: { shape: "InternalServiceFault", status: 500 },
  ValidationError: { shape: "ValidationException", status: 400 },
};

/** Shape names accepted in place of their query codes, so either spelling renders the same wire error. */
const CODE_BY_SHAPE: Record<string, string> = Object.fromEntries(
  Object.entries(MODELED_ERRORS).map(([code, { shape }]) => [shape, code]),
);

const SHAPE_NAMESPACE = "com.amazonaws.cloudwatch";

/** The query-style code AWS puts in `x-amzn-query-error` for `code` (a query code or a shape name). */
export function queryErrorCode(code: string): string {
  return MODELED_ERRORS[code] ? code : (CODE_BY_SHAPE[code] ?? code);
}

/**
 * A CloudWatch API error, thrown by operation handlers and rendered in the awsJson1_0 error shape.
 * `code` is the query-style code (`InvalidParameterValue`, `Throttling`, …); the modeled shape name
 * (`InvalidParameterValueException`) is accepted as well. `status` defaults to what AWS answers for
 * the code (404 for `ResourceNotFound`, 500 for `InternalServiceError`, otherwise 400).
 */
export class CloudWatchError extends AwsApiError {
  constructor(
    code: string,
    message: string,
    status: number = MODELED_ERRORS[queryErrorCode(code)]?.status ?? 400,
  ) {
    super(queryErrorCode(code), message, status);
    this.name = "CloudWatchError";
  }
}

/**
 * The awsJson1_0 error a query-compatible service sends: `{"__type": "<namespace>#<Shape>",
 * "message": …}` plus `x-amzn-query-error: <Code>;<Sender|Receiver>`. The SDK reads the code from
 * that header first (query compatibility) and finds the exception class whose `awsQueryError`
 * trait names it; `__type` is what a client without query compatibility would use.
 */
export function cloudWatchErrorResponse(error: CloudWatchError, ctx: RequestContext): SimResponse {
  const code = queryErrorCode(error.code);
  const modeled = MODELED_ERRORS[code];
  const type = modeled ? `${SHAPE_NAMESPACE}#${modeled.shape}` : code;
  return {
    status: error.status,
    headers: {
      "content-type": JSON_CONTENT_TYPE,
      "x-amzn-requestid": ctx.requestId,
      "x-amzn-query-error": `${code};${error.type}`,
    },
    body: JSON.stringify({ __type: type, message: error.message }),
  };
}

/** `MissingParameter`: "The parameter X is required." */
export function missingParameter(parameter: string): CloudWatchError {
  return new CloudWatchError("MissingParameter", `The parameter ${parameter} is required.`);
}

/** `InvalidParameterValue` in AWS's usual wording, with an optional explanation. */
export function invalidValue(parameter: string, value: unknown, detail?: string): CloudWatchError {
  const shown = typeof value === "string" ? value : JSON.stringify(value);
  return new CloudWatchError(
    "InvalidParameterValue",
    `The value ${shown} for parameter ${parameter} is invalid.${detail ? ` ${detail}` : ""}`,
  );
}

/** `InvalidParameterValue` for a list that is too long, worded as AWS words it. */
export function tooMany(parameter: string, max: number): CloudWatchError {
  return new CloudWatchError(
    "InvalidParameterValue",
    `The collection ${parameter} must not have a size greater than ${max}.`,
  );
}
