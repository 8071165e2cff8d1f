import {
  MONITOR_ROLE_NAME,
  PARTICIPANT_ROLE_NAME,
  type Principal,
  roleArn,
  roleIdFor,
  roleSession,
} from "./principal.ts";

/**
 * What happens when the participant template is deployed into an account: `present` — the role
 * is created as the template says; `wrongExternalId` — it is created with a different external id
 * (the participant pasted another one); `missing` — nothing is created (the stack never ran).
 */
export type RoleSetting = "present" | "missing" | "wrongExternalId";

/** One AWS account of the simulated world. */
export interface Account {
  accountId: string;
  /** Who it belongs to, e.g. "Table 3 – Alice"; for a class copy its cluster's name. */
  label?: string;
  /** The monitor account: targetwatch's own, where its collector runs and its CloudWatch lives. */
  monitor: boolean;
  roleSetting: RoleSetting;
  /** The role the account's own credentials are sessions of (the IDE's, or the collector's). */
  ownRoleName: string;
}

/** The participant template's role: who may assume it, and the external id it requires. */
export interface RoleTemplate {
  name: string;
  /** Required `sts:ExternalId`; none means the trust policy has no such condition. */
  externalId?: string;
  /** The trust policy's `Principal.AWS`: an account id, or a root, role or session ARN. */
  trustedPrincipal: string;
}

/** A role that exists in an account. */
export interface DeployedRole extends RoleTemplate {
  arn: string;
  roleId: string;
  /** IAM's MaxSessionDuration; the default of one hour. */
  maxSessionSeconds: number;
}

export interface AccountDirectoryOptions {
  monitor: { accountId: string; label?: string };
  /** The other accounts; one naming the monitor refines its label. */
  accounts: readonly { accountId: string; label?: string; roleSetting?: RoleSetting }[];
}

/**
 * The accounts of the simulated world and the IAM roles deployed in them: what STS consults to
 * decide who may assume what. The monitor account comes first.
 */
export class AccountDirectory {
  readonly monitorId: string;
  readonly #accounts = new Map<string, Account>();
  readonly #roles = new Map<string, Map<string, DeployedRole>>();

  constructor(options: AccountDirectoryOptions) {
    this.monitorId = options.monitor.accountId;
    this.#add({ ...options.monitor, monitor: true });
    for (const account of options.accounts) {
      const known = this.#accounts.get(account.accountId);
      if (known) Object.assign(known, definedOnly(account));
      else this.#add({ ...account, monitor: false });
    }
  }

  list(): Account[] {
    return [...this.#accounts.values()];
  }

  get(accountId: string): Account | undefined {
    return this.#accounts.get(accountId);
  }

  /** A session of the account's own role: what its own environment's credentials are. */
  ownPrincipal(accountId: string, sessionName: string): Principal {
    const account = this.#require(accountId);
    return roleSession(account.accountId, account.ownRoleName, sessionName);
  }

  /** The role the collector's sessions belong to; trust policies name it by default. */
  monitorRoleArn(): string {
    return roleArn(this.monitorId, MONITOR_ROLE_NAME);
  }

  /**
   * Deploys the participant template into `accountId` as the account's setting says (`setting`,
   * when given, replaces it first). Returns the role created, or undefined when none was.
   */
  deployTemplate(accountId: string, template: RoleTemplate, setting?: RoleSetting): DeployedRole | undefined {
    const account = this.#require(accountId);
    if (setting) account.roleSetting = setting;
    if (account.roleSetting === "missing") {
      this.removeRole(accountId, template.name);
      return undefined;
    }
    const externalId =
      account.roleSetting === "wrongExternalId"
        ? differentExternalId(template.externalId)
        : template.externalId;
    const role: DeployedRole = {
      name: template.name,
      trustedPrincipal: template.trustedPrincipal,
      ...(externalId !== undefined ? { externalId } : {}),
      arn: roleArn(accountId, template.name),
      roleId: roleIdFor(accountId, template.name),
      maxSessionSeconds: 3600,
    };
    this.#rolesOf(accountId).set(role.name, role);
    return role;
  }

  /** Deletes the role (the participant deleted the stack); false when there was none. */
  removeRole(accountId: string, name: string): boolean {
    return this.#roles.get(accountId)?.delete(name) ?? false;
  }

  role(accountId: string, name: string): DeployedRole | undefined {
    return this.#roles.get(accountId)?.get(name);
  }

  roles(accountId: string): DeployedRole[] {
    return [...(this.#roles.get(accountId)?.values() ?? [])];
  }

  #add(account: { accountId: string; label?: string; roleSetting?: RoleSetting; monitor: boolean }): void {
    this.#accounts.set(account.accountId, {
      accountId: account.accountId,
      ...(account.label !== undefined ? { label: account.label } : {}),
      monitor: account.monitor,
      roleSetting: account.roleSetting ?? "present",
      ownRoleName: account.monitor ? MONITOR_ROLE_NAME : PARTICIPANT_ROLE_NAME,
    });
  }

  #require(accountId: string): Account {
    const account = this.#accounts.get(accountId);
    if (!account) throw new RangeError(`no account ${accountId} in the simulated world`);
    return account;
  }

  #rolesOf(accountId: string): Map<string, DeployedRole> {
    let roles = this.#roles.get(accountId);
    if (!roles) {
      roles = new Map();
      this.#roles.set(accountId, roles);
    }
    return roles;
  }
}

/** What a participant who pasted the wrong value ends up with: close to, but not, the right id. */
function differentExternalId(externalId: string | undefined): string {
  return externalId === undefined ? "not-the-workshop-external-id" : `not-${externalId}`;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
