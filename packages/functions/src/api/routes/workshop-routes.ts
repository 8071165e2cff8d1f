import type { Workshop } from "@targetwatch/core/model";
import type { WorkshopQueries } from "@targetwatch/core/queries";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { json } from "../http.ts";
import type { Route } from "../routes.ts";
import { parse } from "../validation/request-validation.ts";
import { workshopId } from "./workshop-id.ts";

/** Listing, reading, creating or replacing, and deleting workshops. */
export function workshopRoutes(queries: WorkshopQueries): Route[] {
  return [
    {
      method: "GET",
      path: "/workshops",
      summary: "Every workshop with its summary",
      description:
        "With no workshop configured, the implicit `default` workshop (every Load Balancer Controller NLB).",
      responses: { 200: { description: "Workshops", schema: "workshopListSchema" } },
      handler: async () => json(200, { workshops: await queries.listWorkshops() }),
    },
    {
      method: "GET",
      path: "/workshops/{id}",
      summary: "One workshop with its summary",
      pathParams: { id: "workshopIdSchema" },
      responses: {
        200: { description: "The workshop", schema: "workshopSchema" },
        404: { description: "No such workshop" },
      },
      handler: async (event) => json(200, await queries.getWorkshop(await workshopId(event))),
    },
    {
      method: "PUT",
      path: "/workshops/{id}",
      summary: "Create a workshop, or replace its settings",
      description:
        "The collector picks it up on its next sweep (within a minute). The body's settings replace the stored ones; `accounts` are added (or relabelled) to the workshop's, never removed: accounts that joined or were added on their own while this PUT ran stay (remove one with DELETE /workshops/{id}/accounts/{accountId}). targetwatch's own fields (externalId, join code) are kept. `roleName` must be one of the deployment's participant role names (TARGETWATCH_PARTICIPANT_ROLE_NAMES, by default TargetWatchReader): the collector may assume no other, and another is a 400 naming them. Every write is conditional on the config's version, so concurrent writers never undo one another.",
      pathParams: { id: "workshopIdSchema" },
      body: "workshopInputSchema",
      responses: {
        200: { description: "Replaced", schema: "workshopSchema" },
        201: { description: "Created", schema: "workshopSchema" },
        409: {
          description:
            "AccountLimitReached: the accounts would pass 1,000; Conflict: the workshop kept changing under every attempt (nothing was changed: send it again)",
          schema: "errorSchema",
        },
        502: {
          description: "CloudWatch refused the workshop's alarm; nothing was changed: try again",
          schema: "errorSchema",
        },
      },
      handler: async (event) => {
        const { created, workshop: view } = await queries.putWorkshop(await workshopFromRequest(event));
        return json(created ? 201 : 200, view);
      },
    },
    {
      method: "DELETE",
      path: "/workshops/{id}",
      summary: "Delete a workshop",
      description:
        "The collector stops sweeping it. Its transitions stay readable until they expire (the workshop's retention, via DynamoDB TTL); re-creating a workshop with the same id picks its history up again.",
      pathParams: { id: "workshopIdSchema" },
      responses: {
        204: { description: "Deleted" },
        404: { description: "No such workshop" },
        502: {
          description: "CloudWatch refused to delete the workshop's alarm; nothing was changed: try again",
          schema: "errorSchema",
        },
      },
      handler: async (event) => {
        await queries.deleteWorkshop(await workshopId(event));
        return { statusCode: 204, headers: { "cache-control": "no-store" } };
      },
    },
  ];
}

/** The workshop a PUT describes: its id from the path, the rest from the body. */
async function workshopFromRequest(event: APIGatewayProxyEventV2): Promise<Workshop> {
  const id = await workshopId(event);
  const input = await parse("workshopInputSchema", event.body, "body");
  return {
    id,
    name: input.name,
    selector: {
      tags: input.selector.tags.map((t) =>
        t.value === undefined ? { key: t.key } : { key: t.key, value: t.value },
      ),
      regions: input.selector.regions,
      ...(input.selector.namePrefix ? { namePrefix: input.selector.namePrefix } : {}),
    },
    stuckThresholdSeconds: input.stuckThresholdSeconds,
    retentionDays: input.retentionDays,
    roleName: input.roleName,
    ...(input.accounts.length > 0
      ? {
          accounts: input.accounts.map((a) =>
            a.label === undefined ? { accountId: a.accountId } : { accountId: a.accountId, label: a.label },
          ),
        }
      : {}),
  };
}
