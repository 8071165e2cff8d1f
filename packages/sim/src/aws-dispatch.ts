import { setTimeout as delay } from "node:timers/promises";
import type { CloudWatchSim } from "./cloudwatch/cloudwatch-sim.ts";
import { CloudWatchError, cloudWatchErrorResponse } from "./cloudwatch/errors.ts";
import { Elbv2Error, elbv2ErrorResponse } from "./elbv2/errors.ts";
import { handleElbv2 } from "./elbv2/handler.ts";
import type { FaultDecision, FaultInjector } from "./faults/fault-injector.ts";
import type { RequestContext, SimResponse } from "./protocol.ts";
import type { AssumeRoleDeps } from "./sts/assume-role.ts";
import type { AuthFailure, RequestAuthenticator, SigningService } from "./sts/authenticate.ts";
import type { HttpRequestParts } from "./sts/sigv4.ts";
import { handleSts, isStsRequest } from "./sts/sts-api.ts";
import { StsError, stsErrorResponse, stsFormatOf } from "./sts/wire.ts";
import type { ElbReadModel } from "./world/elb-view.ts";

/** CloudWatch's awsJson1_0 operations arrive as `X-Amz-Target: GraniteServiceVersion20100801.<Operation>`. */
const CLOUDWATCH_TARGET_PREFIX = "GraniteServiceVersion20100801.";

/** Several AWS accounts behind one endpoint: who signed a request decides whose world answers it. */
export interface AccountServices {
  authenticator: RequestAuthenticator;
  /** The account's ELBv2, or undefined when it has none simulated. */
  elb(accountId: string): ElbReadModel | undefined;
  cloudwatch(accountId: string): CloudWatchSim | undefined;
  /** What STS needs: the accounts and their roles, the credentials it issues, real time. */
  sts: AssumeRoleDeps;
}

export interface DispatchOptions {
  /** Without `accounts`: the ELBv2 every request sees; without it ELBv2 requests get `InvalidAction`. */
  elb?: ElbReadModel;
  /** Without `accounts`: the CloudWatch every request sees; without it CloudWatch requests get `InvalidAction`. */
  cloudwatch?: CloudWatchSim;
  faults?: FaultInjector;
  /** Without it every request is one account's (and STS is not simulated). */
  accounts?: AccountServices;
}

/** One AWS API request as the dispatcher sees it: the parts SigV4 covers, the body as text. */
export interface AwsRequest extends HttpRequestParts {
  text: string;
}

type Protocol =
  | { service: "cloudwatch"; signing: SigningService; operation: string }
  | { service: "elbv2" | "sts"; signing: SigningService; params: URLSearchParams; action: string };

/**
 * Serves one AWS API request: tells the protocol apart (CloudWatch by `X-Amz-Target`, STS by its
 * API version, ELBv2 otherwise), finds the account whose credentials signed it, lets the fault
 * injector decide for that account, and hands it to that account's API.
 */
export async function dispatchAwsRequest(
  options: DispatchOptions,
  request: AwsRequest,
  ctx: RequestContext,
): Promise<SimResponse> {
  const protocol = protocolOf(request);
  let accountId: string | undefined;
  let caller: Awaited<ReturnType<RequestAuthenticator["authenticate"]>> | undefined;
  if (options.accounts) {
    caller = await options.accounts.authenticator.authenticate(request, protocol.signing);
    if (!caller.ok) return authFailureResponse(protocol, caller.failure, request, ctx);
    accountId = caller.principal.accountId;
    ctx = { ...ctx, accountId };
  }
  const action = protocol.service === "cloudwatch" ? protocol.operation : protocol.action;
  const decision = options.faults?.decide(protocol.service, action, {
    accountId: ctx.accountId ?? "",
    region: ctx.region,
  });
  if (decision) await applyLatency(decision);
  const fault = decision?.fault && faultResponse(protocol, decision.fault, request, ctx);
  if (fault) return fault;
  switch (protocol.service) {
    case "cloudwatch": {
      const cloudwatch = accountId ? options.accounts?.cloudwatch(accountId) : options.cloudwatch;
      if (!cloudwatch) {
        const error = new CloudWatchError("InvalidAction", "CloudWatch is not simulated here");
        return cloudWatchErrorResponse(error, ctx);
      }
      return cloudwatch.handle(protocol.operation, request.text, ctx);
    }
    case "sts": {
      const format = stsFormatOf(header(request, "accept"));
      if (!options.accounts || !caller?.ok) {
        return stsErrorResponse(new StsError("InvalidAction", "STS is not simulated here"), ctx, format);
      }
      const signer = caller.signature ? caller.principal : undefined;
      return handleSts(protocol.params, signer, ctx, format, options.accounts.sts);
    }
    case "elbv2": {
      const elb = accountId ? options.accounts?.elb(accountId) : options.elb;
      if (!elb)
        return elbv2ErrorResponse(new Elbv2Error("InvalidAction", "ELBv2 is not simulated here"), ctx);
      const faults = options.faults;
      return handleElbv2(
        protocol.params,
        elb,
        faults ? { ...ctx, targetUnavailable: () => faults.targetUnavailable() } : ctx,
      );
    }
  }
}

function protocolOf(request: AwsRequest): Protocol {
  const target = header(request, "x-amz-target");
  if (target !== undefined) {
    const operation = target.startsWith(CLOUDWATCH_TARGET_PREFIX)
      ? target.slice(CLOUDWATCH_TARGET_PREFIX.length)
      : "";
    return { service: "cloudwatch", signing: "monitoring", operation };
  }
  // awsQuery puts parameters in a form body; GET with a query string is also valid for Query APIs
  // (and is what a presigned STS request is).
  const params = request.method === "GET" ? request.query : new URLSearchParams(request.text);
  const action = params.get("Action") ?? "";
  return isStsRequest(params)
    ? { service: "sts", signing: "sts", params, action }
    : { service: "elbv2", signing: "elasticloadbalancing", params, action };
}

function authFailureResponse(
  protocol: Protocol,
  failure: AuthFailure,
  request: AwsRequest,
  ctx: RequestContext,
): SimResponse {
  const { code, message, status } = failure;
  switch (protocol.service) {
    case "cloudwatch":
      return cloudWatchErrorResponse(new CloudWatchError(code, message, status), ctx);
    case "sts":
      return stsErrorResponse(
        new StsError(code, message, status),
        ctx,
        stsFormatOf(header(request, "accept")),
      );
    case "elbv2":
      return elbv2ErrorResponse(new Elbv2Error(code, message, status), ctx);
  }
}

/** The answer an injected fault gets, in the protocol's words; undefined for none. */
function faultResponse(
  protocol: Protocol,
  fault: "throttle" | "server",
  request: AwsRequest,
  ctx: RequestContext,
): SimResponse | undefined {
  switch (protocol.service) {
    case "cloudwatch":
      return cloudWatchErrorResponse(
        fault === "throttle"
          ? new CloudWatchError("Throttling", "Rate exceeded", 400)
          : new CloudWatchError("InternalServiceFault", "Internal service error", 500),
        ctx,
      );
    case "sts":
      return stsErrorResponse(
        fault === "throttle"
          ? new StsError("Throttling", "Rate exceeded", 400)
          : new StsError("InternalFailure", "An internal error has occurred", 500),
        ctx,
        stsFormatOf(header(request, "accept")),
      );
    case "elbv2":
      return elbv2ErrorResponse(elbv2Fault(fault, protocol.action), ctx);
  }
}

function elbv2Fault(fault: "throttle" | "server", action: string): Elbv2Error {
  if (fault === "throttle") return new Elbv2Error("Throttling", "Rate exceeded", 400);
  return action === "DescribeTargetHealth"
    ? new Elbv2Error(
        "HealthUnavailable",
        "The health of the specified targets could not be retrieved due to an internal error.",
        500,
      )
    : new Elbv2Error(
        "InternalFailure",
        "The request processing has failed because of an unknown error, exception or failure.",
        500,
      );
}

async function applyLatency(decision: FaultDecision): Promise<void> {
  if (decision.delayMs > 0) await delay(decision.delayMs);
}

function header(request: HttpRequestParts, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
