import { createHash } from "node:crypto";

/** What a workshop's participant template names its read-only role unless told otherwise. */
export const DEFAULT_ROLE_NAME = "TargetWatchReader";
/** The role a participant's own environment (the Workshop Studio IDE) runs as. */
export const PARTICIPANT_ROLE_NAME = "WSParticipantRole";
/** The role targetwatch's collector runs as in the monitor account (its Lambda execution role). */
export const MONITOR_ROLE_NAME = "targetwatch-collector";

const ACCOUNT_ID = /^\d{12}$/;
/** IAM role names: 1–64 of `[\w+=,.@-]`; a path may precede the name in an ARN. */
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]{1,64})$/;
const ASSUMED_ROLE_ARN = /^arn:aws:sts::(\d{12}):assumed-role\/([\w+=,.@-]{1,64})\/([\w+=,.@-]{2,64})$/;
const ROOT_ARN = /^arn:aws:iam::(\d{12}):root$/;

/**
 * Who signed a request. In the simulated world every caller is a role session, as on a real
 * event: a participant's IDE runs on an instance role, the collector on its Lambda role, and
 * AssumeRole hands out sessions of the assumed role.
 */
export interface Principal {
  accountId: string;
  roleName: string;
  sessionName: string;
  /** `arn:aws:sts::<account>:assumed-role/<role>/<session>`, what GetCallerIdentity answers. */
  arn: string;
  /** `<role id>:<session>`, GetCallerIdentity's `UserId`. */
  userId: string;
}

/** A session of `roleName` in `accountId`. */
export function roleSession(accountId: string, roleName: string, sessionName: string): Principal {
  return {
    accountId,
    roleName,
    sessionName,
    arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
    userId: `${roleIdFor(accountId, roleName)}:${sessionName}`,
  };
}

export function roleArn(accountId: string, roleName: string): string {
  return `arn:aws:iam::${accountId}:role/${roleName}`;
}

/** `arn:aws:iam::<account>:role/[path/]<name>` → its account and name. */
export function parseRoleArn(arn: string): { accountId: string; roleName: string } | undefined {
  const match = ROLE_ARN.exec(arn);
  return match ? { accountId: match[1] as string, roleName: match[2] as string } : undefined;
}

/**
 * IAM's unique role id (`AROA…`, 21 characters). Derived from the account and name rather than
 * drawn at random, so the same role has the same id in every run and `UserId`s are reproducible.
 */
export function roleIdFor(accountId: string, roleName: string): string {
  const key = `${accountId}/${roleName}`;
  let id = roleIds.get(key);
  if (id === undefined) {
    const digest = createHash("sha256").update(key).digest();
    id = "AROA";
    for (let i = 0; id.length < 21; i++) id += BASE32[(digest[i] as number) % 32];
    roleIds.set(key, id);
  }
  return id;
}

/** Every request of a static key names the collector's role: its id is worked out once. */
const roleIds = new Map<string, string>();

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/**
 * Whether `principal` is what a trust policy's `Principal.AWS` entry names: an account
 * (`111111111111` or `arn:aws:iam::111111111111:root`, any principal of it), a role (any of its
 * sessions) or one assumed-role session.
 */
export function principalMatches(trusted: string, principal: Principal): boolean {
  const account = ACCOUNT_ID.test(trusted) ? trusted : ROOT_ARN.exec(trusted)?.[1];
  if (account !== undefined) return account === principal.accountId;
  const role = parseRoleArn(trusted);
  if (role) return role.accountId === principal.accountId && role.roleName === principal.roleName;
  return trusted === principal.arn;
}

/** Whether `trusted` is something a trust policy can name: an account id, a root, role or assumed-role ARN. */
export function isPrincipalReference(trusted: string): boolean {
  return (
    ACCOUNT_ID.test(trusted) ||
    ROOT_ARN.test(trusted) ||
    ROLE_ARN.test(trusted) ||
    ASSUMED_ROLE_ARN.test(trusted)
  );
}
