import type { AccountDirectory } from "../accounts/account-directory.ts";
import { type Principal, parseRoleArn, principalMatches, roleSession } from "../accounts/principal.ts";
import type { CredentialStore } from "./credential-store.ts";
import { StsError, type StsValue } from "./wire.ts";

export interface AssumeRoleDeps {
  directory: AccountDirectory;
  store: CredentialStore;
  /** Real time, epoch ms: credentials expire on the caller's clock, not the simulated one. */
  wallClock: () => number;
}

/** Role chaining — assuming a role with a role session's credentials — caps sessions at one hour. */
const ROLE_CHAINING_LIMIT_SECONDS = 3600;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

/**
 * STS AssumeRole: the role must exist in its account, trust the caller (its trust policy's
 * principal) and, when its trust policy has an `sts:ExternalId` condition, be given that id.
 * Anything else is AWS's AccessDenied, which says neither which check failed nor whether the
 * role exists. Every caller here is a role session, so the session lasts at most an hour.
 */
export function assumeRole(
  params: URLSearchParams,
  caller: Principal,
  deps: AssumeRoleDeps,
): Record<string, StsValue> {
  const request = readParameters(params);
  const target = parseRoleArn(request.roleArn);
  if (!target) throw new StsError("ValidationError", "Request ARN is invalid");
  const role = deps.directory.role(target.accountId, target.roleName);
  const allowed =
    role !== undefined &&
    principalMatches(role.trustedPrincipal, caller) &&
    (role.externalId === undefined || role.externalId === request.externalId);
  if (!role || !allowed) {
    throw new StsError(
      "AccessDenied",
      `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${request.roleArn}`,
      403,
    );
  }
  const durationSeconds = request.durationSeconds ?? 3600;
  if (durationSeconds > ROLE_CHAINING_LIMIT_SECONDS) {
    throw new StsError(
      "ValidationError",
      "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
    );
  }
  if (durationSeconds > role.maxSessionSeconds) {
    throw new StsError(
      "ValidationError",
      "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
    );
  }
  const session = roleSession(target.accountId, role.name, request.sessionName);
  const now = deps.wallClock();
  const issued = deps.store.issue(session, now + durationSeconds * 1000, now);
  return {
    AssumedRoleUser: { AssumedRoleId: session.userId, Arn: session.arn },
    Credentials: {
      AccessKeyId: issued.accessKeyId,
      SecretAccessKey: issued.secretAccessKey,
      SessionToken: issued.sessionToken,
      Expiration: new Date(issued.expiration).toISOString().replace(/\.\d{3}Z$/, "Z"),
    },
  };
}

interface AssumeRoleRequest {
  roleArn: string;
  sessionName: string;
  durationSeconds?: number;
  externalId?: string;
}

/** The parameters, checked as STS checks them (`ValidationError`, `MalformedPolicyDocument`). */
function readParameters(params: URLSearchParams): AssumeRoleRequest {
  const roleArn = params.get("RoleArn");
  const sessionName = params.get("RoleSessionName");
  if (roleArn === null) throw notNull("roleArn");
  if (sessionName === null) throw notNull("roleSessionName");
  if (!SESSION_NAME.test(sessionName)) {
    throw invalid(
      sessionName,
      "roleSessionName",
      "Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    );
  }
  const externalId = params.get("ExternalId") ?? undefined;
  if (externalId !== undefined && !EXTERNAL_ID.test(externalId)) {
    throw invalid(
      externalId,
      "externalId",
      "Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*",
    );
  }
  const duration = params.get("DurationSeconds");
  const durationSeconds = duration === null ? undefined : Number(duration);
  if (durationSeconds !== undefined) {
    if (!Number.isInteger(durationSeconds))
      throw invalid(duration, "durationSeconds", "Member must be an integer");
    if (durationSeconds < 900) {
      throw invalid(duration, "durationSeconds", "Member must have value greater than or equal to 900");
    }
    if (durationSeconds > 43200) {
      throw invalid(duration, "durationSeconds", "Member must have value less than or equal to 43200");
    }
  }
  checkSessionPolicy(params.get("Policy"));
  return {
    roleArn,
    sessionName,
    ...(durationSeconds !== undefined ? { durationSeconds } : {}),
    ...(externalId !== undefined ? { externalId } : {}),
  };
}

/** An inline session policy must at least be a JSON object (its statements are not evaluated here). */
function checkSessionPolicy(policy: string | null): void {
  if (policy === null) return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(policy);
  } catch {
    throw new StsError("MalformedPolicyDocument", "Syntax errors in policy.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new StsError("MalformedPolicyDocument", "Syntax errors in policy.");
  }
}

function notNull(member: string): StsError {
  return new StsError(
    "ValidationError",
    `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
  );
}

function invalid(value: string | null, member: string, constraint: string): StsError {
  return new StsError(
    "ValidationError",
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}
