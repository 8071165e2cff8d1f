import { z } from "zod";
import type { Account, DeployedRole } from "../accounts/account-directory.ts";
import { DEFAULT_ROLE_NAME, isPrincipalReference, roleArn } from "../accounts/principal.ts";
import type { SimAccounts } from "../accounts/sim-accounts.ts";
import type { SimResponse } from "../protocol.ts";
import { roleSettingSchema } from "../scenario/schema.ts";
import type { ControlRequest } from "../server.ts";
import { error, json, parseBody } from "./responses.ts";

/** A control route: a handler per HTTP method. */
export type Route = Partial<Record<string, (request: ControlRequest) => SimResponse>>;

const templateFields = {
  name: z
    .string()
    .regex(/^[\w+=,.@-]{1,64}$/, "must be an IAM role name")
    .default(DEFAULT_ROLE_NAME),
  externalId: z
    .string()
    .regex(/^[\w+=,.@:/-]{2,1224}$/, "must be 2–1224 of letters, digits and +=,.@:/-")
    .optional(),
  trustedPrincipal: z
    .string()
    .refine(isPrincipalReference, "must be an account id, or a root, role or assumed-role ARN")
    .optional(),
};
/** Deploying the participant template into every participant account. */
const templateSchema = z.object(templateFields).strict();
/** Deploying it into one account, whose role setting may be changed at the same time. */
const accountTemplateSchema = z.object({ ...templateFields, setting: roleSettingSchema.optional() }).strict();

/**
 * The accounts part of the control API: list the accounts, hand out an account's own
 * credentials, and deploy (or delete) the participant template's role — in one account or in all
 * participant accounts at once, as StackSets would — each account doing what its role setting says.
 */
export function createAccountRoutes(accounts: SimAccounts): (path: string) => Route | undefined {
  const { directory } = accounts;
  const deploy = (accountId: string, body: z.output<typeof accountTemplateSchema>) => {
    const { setting, ...template } = body;
    const role = directory.deployTemplate(
      accountId,
      { ...template, trustedPrincipal: template.trustedPrincipal ?? directory.monitorRoleArn() },
      setting,
    );
    return { accountId, setting: directory.get(accountId)?.roleSetting, role: role ? roleView(role) : null };
  };
  const collection: Record<string, Route> = {
    accounts: {
      GET: () => json(200, { monitor: directory.monitorId, accounts: directory.list().map(view) }),
    },
    "accounts/role": {
      PUT: (request) => {
        const body = parseBody(request.body, templateSchema);
        if ("error" in body) return body.error;
        const participants = directory.list().filter((account) => !account.monitor);
        return json(200, { deployed: participants.map((account) => deploy(account.accountId, body.value)) });
      },
    },
  };
  return (path) => {
    const fixed = collection[path];
    if (fixed) return fixed;
    const match = /^accounts\/(\d{12})(?:\/(credentials|role))?$/.exec(path);
    const account = match ? directory.get(match[1] as string) : undefined;
    if (!match) return undefined;
    if (!account)
      return allMethods(error(404, "NoSuchAccount", `no account ${match[1]} in the simulated world`));
    switch (match[2]) {
      case undefined:
        return { GET: () => json(200, view(account)) };
      case "credentials":
        return { GET: () => json(200, credentialsView(accounts, account)) };
      default:
        return {
          PUT: (request) => {
            const body = parseBody(request.body, accountTemplateSchema);
            return "error" in body ? body.error : json(200, deploy(account.accountId, body.value));
          },
          DELETE: (request) => {
            const name = request.query.get("name") ?? DEFAULT_ROLE_NAME;
            return json(200, {
              accountId: account.accountId,
              removed: directory.removeRole(account.accountId, name),
            });
          },
        };
    }
  };

  function view(account: Account) {
    return {
      accountId: account.accountId,
      ...(account.label !== undefined ? { label: account.label } : {}),
      monitor: account.monitor,
      roleSetting: account.roleSetting,
      ownRoleArn: roleArn(account.accountId, account.ownRoleName),
      roles: directory.roles(account.accountId).map(roleView),
    };
  }
}

function roleView(role: DeployedRole) {
  return {
    name: role.name,
    arn: role.arn,
    trustedPrincipal: role.trustedPrincipal,
    ...(role.externalId !== undefined ? { externalId: role.externalId } : {}),
  };
}

function credentialsView(accounts: SimAccounts, account: Account) {
  const issued = accounts.own.for(account.accountId);
  return {
    accountId: account.accountId,
    arn: issued.principal.arn,
    accessKeyId: issued.accessKeyId,
    secretAccessKey: issued.secretAccessKey,
    sessionToken: issued.sessionToken,
    expiration: new Date(issued.expiration).toISOString(),
  };
}

/** A route answering `response` whatever the method. */
function allMethods(response: SimResponse): Route {
  const answer = () => response;
  return { GET: answer, PUT: answer, POST: answer, DELETE: answer };
}
