import type { WorkshopQueries } from "@targetwatch/core/queries";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { json, pathParameter } from "../http.ts";
import type { Route } from "../routes.ts";
import { parse } from "../validation/request-validation.ts";
import { workshopId } from "./workshop-id.ts";

/** The `{accountId}` of a `/workshops/{id}/accounts/{accountId}` path, validated. */
const accountId = (event: APIGatewayProxyEventV2) =>
  parse("accountIdSchema", pathParameter(event, "accountId"), "path.accountId");

/** A workshop's participant accounts: how reading each goes, and adding or removing one while the event runs. */
export function accountRoutes(queries: WorkshopQueries): Route[] {
  return [
    {
      method: "GET",
      path: "/workshops/{id}/accounts",
      summary: "The workshop's participant accounts and how reading each goes",
      description:
        "Each account in the workshop's order with its status from the latest sweep: pending, ok, roleNotAssumable (with a hint of the likely cause) or error (with AWS's message), when it was last read in full and how many NLBs it has. Empty for a workshop that reads the deployment's own account.",
      pathParams: { id: "workshopIdSchema" },
      responses: { 200: { description: "Accounts", schema: "accountListSchema" } },
      handler: async (event) => json(200, await queries.accounts(await workshopId(event))),
    },
    {
      method: "PUT",
      path: "/workshops/{id}/accounts/{accountId}",
      summary: "Add a participant account, or relabel it",
      description:
        'Idempotent: the account is appended to the workshop\'s (201), or kept where it is (200) with the label replaced when the body gives one. The body is JSON, `{}` or `{"label": "Table 3 – Alice"}`. The collector reads it from its next sweep; a write conditional on the workshop\'s version, so it never undoes a concurrent PUT or join.',
      pathParams: { id: "workshopIdSchema", accountId: "accountIdSchema" },
      body: "accountInputSchema",
      responses: {
        200: {
          description: "Already in the workshop (relabelled if a label was given)",
          schema: "workshopAccountSchema",
        },
        201: { description: "Added", schema: "workshopAccountSchema" },
        409: {
          description:
            "AccountLimitReached: the workshop has 1,000 accounts already; Conflict: the workshop kept changing under every attempt (send it again)",
          schema: "errorSchema",
        },
      },
      handler: async (event) => {
        const id = await workshopId(event);
        const account = await accountId(event);
        const input = await parse("accountInputSchema", event.body, "body");
        const { created, account: stored } = await queries.putAccount(id, {
          accountId: account,
          ...(input.label === undefined ? {} : { label: input.label }),
        });
        return json(created ? 201 : 200, stored);
      },
    },
    {
      method: "DELETE",
      path: "/workshops/{id}/accounts/{accountId}",
      summary: "Remove a participant account",
      description:
        "The collector stops reading it from its next sweep. Its NLBs' history stays until it expires. The only way an account leaves a workshop: a PUT of the workshop never removes one.",
      pathParams: { id: "workshopIdSchema", accountId: "accountIdSchema" },
      responses: {
        204: { description: "Removed" },
        404: { description: "No such workshop, or the account is not in it", schema: "errorSchema" },
        409: {
          description: "Conflict: the workshop kept changing under every attempt (send it again)",
          schema: "errorSchema",
        },
      },
      handler: async (event) => {
        await queries.deleteAccount(await workshopId(event), await accountId(event));
        return { statusCode: 204, headers: { "cache-control": "no-store" } };
      },
    },
  ];
}
