import type { Principal } from "../accounts/principal.ts";
import type { RequestContext, SimResponse } from "../protocol.ts";
import { type AssumeRoleDeps, assumeRole } from "./assume-role.ts";
import { StsError, type StsFormat, type StsValue, stsErrorResponse, stsResponse } from "./wire.ts";

export const STS_API_VERSION = "2011-06-15";

/** An STS action: the result members, or throws an {@link StsError}. */
type StsAction = (
  params: URLSearchParams,
  caller: Principal,
  deps: AssumeRoleDeps,
) => Record<string, StsValue>;

const ACTIONS = new Map<string, StsAction>([
  ["AssumeRole", assumeRole],
  ["GetCallerIdentity", (_params, caller) => getCallerIdentity(caller)],
]);

/** Whether an unsigned awsQuery request is meant for STS (signed ones say so in their credential scope). */
export function isStsRequest(params: URLSearchParams): boolean {
  const version = params.get("Version");
  return version === STS_API_VERSION || (version === null && ACTIONS.has(params.get("Action") ?? ""));
}

/** Who signed the request. */
function getCallerIdentity(caller: Principal): Record<string, StsValue> {
  return { Arn: caller.arn, UserId: caller.userId, Account: caller.accountId };
}

/**
 * The STS API (awsQuery, version 2011-06-15): AssumeRole and GetCallerIdentity, for the caller
 * the request's signature names. STS, unlike the other simulated APIs, refuses unsigned requests:
 * there is nobody to answer for.
 */
export function handleSts(
  params: URLSearchParams,
  caller: Principal | undefined,
  ctx: RequestContext,
  format: StsFormat,
  deps: AssumeRoleDeps,
): SimResponse {
  try {
    const action = params.get("Action") ?? "";
    const version = params.get("Version") ?? "";
    const run = ACTIONS.get(action);
    if (run === undefined || version !== STS_API_VERSION) {
      throw new StsError("InvalidAction", `Could not find operation ${action} for version ${version}`);
    }
    if (!caller)
      throw new StsError("MissingAuthenticationToken", "Request is missing Authentication Token", 403);
    return stsResponse(action, run(params, caller, deps), ctx, format);
  } catch (error) {
    if (error instanceof StsError) return stsErrorResponse(error, ctx, format);
    throw error;
  }
}
