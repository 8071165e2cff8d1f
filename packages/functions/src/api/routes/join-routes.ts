import type { JoinStore } from "@targetwatch/core/join";
import { ApiError } from "../errors.ts";
import { json } from "../http.ts";
import type { Route } from "../routes.ts";
import { parse } from "../validation/request-validation.ts";
import type { JoinActions } from "./join-actions.ts";
import { workshopId } from "./workshop-id.ts";

/** What joining needs besides the queries: the store's conditional writes and STS. */
export interface JoinRouteDependencies {
  store: JoinStore;
  /** The STS endpoint join requests are sent to; by default the SDK's (`AWS_ENDPOINT_URL_STS`, else regional). */
  stsEndpoint?: string;
  /** The wall clock join requests' signing dates are checked against (and joins dated by); `Date.now` by default. */
  now?: () => number;
}

const iso = (ms: number) => new Date(ms).toISOString();

type LoadActions = () => Promise<JoinActions>;

/** Participants adding their own account with a signed GetCallerIdentity. */
export function joinRoutes(deps: JoinRouteDependencies | undefined): Route[] {
  let actions: Promise<JoinActions> | undefined;
  // On demand: the join checks and STS are in a chunk no other request loads.
  const load: LoadActions = () => {
    if (!deps)
      throw new ApiError(501, "JoinNotConfigured", "this API is not set up for participants to join");
    actions ??= import("./join-actions.ts").then(({ JoinActions }) => new JoinActions(deps));
    actions.catch(() => {
      actions = undefined;
    });
    return actions;
  };
  return [...joinCodeRoutes(load), joinRoute(load)];
}

/** The facilitator's side: make and revoke the workshop's join code. */
function joinCodeRoutes(load: LoadActions): Route[] {
  return [
    {
      method: "POST",
      path: "/workshops/{id}/join-code/rotate",
      summary: "Make a new join code: participants can join with it, every earlier code stops working",
      description:
        "Hand the code to participants with the join line (docs/accounts.md); it lets them add an AWS account they control to this workshop and nothing else. GET /workshops/{id} shows it again.",
      pathParams: { id: "workshopIdSchema" },
      responses: {
        200: { description: "The new code", schema: "joinCodeSchema" },
        404: { description: "No such workshop" },
      },
      handler: async (event) => {
        const id = await workshopId(event);
        const actions = await load();
        const { code, createdAt } = await actions.rotate(id);
        return json(200, {
          joinCode: code,
          createdAt: iso(createdAt),
          joinPath: `/workshops/${id}/join`,
          stsHost: actions.stsHost,
        });
      },
    },
    {
      method: "DELETE",
      path: "/workshops/{id}/join-code",
      summary: "Turn joining off: the join code stops working",
      description:
        "The accounts that joined stay (remove one with DELETE /workshops/{id}/accounts/{accountId}).",
      pathParams: { id: "workshopIdSchema" },
      responses: {
        204: { description: "Revoked (or there was none)" },
        404: { description: "No such workshop" },
      },
      handler: async (event) => {
        await (await load()).revoke(await workshopId(event));
        return { statusCode: 204, headers: { "cache-control": "no-store" } };
      },
    },
  ];
}

/** The participant's side: join with the code and a signed GetCallerIdentity. */
function joinRoute(load: LoadActions): Route {
  return {
    method: "POST",
    path: "/workshops/{id}/join",
    summary: "A participant adds their own AWS account (join code, no token)",
    description:
      "The account is proven, not claimed: the body carries an sts:GetCallerIdentity request the participant SigV4-signed (a header-signed POST, with the header x-targetwatch-workshop naming this workshop) and did not send. targetwatch checks it (the join code, exactly GetCallerIdentity, signed over host, x-amz-date and x-targetwatch-workshop, for this workshop, for targetwatch's own STS endpoint, at most 15 minutes old), sends it to its own STS endpoint only, and adds the account STS names. Joining again updates the label. Every refusal stores nothing. scripts/join-workshop.sh makes and sends the request (docs/accounts.md).",
    public: true,
    pathParams: { id: "workshopIdSchema" },
    body: "joinInputSchema",
    responses: {
      200: { description: "Joined again: the label updated", schema: "joinResultSchema" },
      201: { description: "Joined: the account added", schema: "joinResultSchema" },
      400: {
        description:
          "Invalid body, or a request that is not a SigV4-signed POST of exactly GetCallerIdentity over host, x-amz-date and x-targetwatch-workshop",
        schema: "errorSchema",
      },
      403: {
        description:
          "Wrong, rotated or revoked join code (also for an unknown workshop); signed for another workshop (WrongWorkshop) or STS host (WrongStsEndpoint); too old or ahead (RequestExpired, RequestNotYetValid); or refused by STS, with STS's code (SignatureDoesNotMatch, ExpiredToken, …)",
        schema: "errorSchema",
      },
      409: {
        description:
          "AccountLimitReached: the workshop has 1,000 accounts already; Conflict: the workshop kept changing, nothing was stored: try again",
        schema: "errorSchema",
      },
      413: { description: "Body over 64 KB", schema: "errorSchema" },
      415: { description: "Body is not JSON", schema: "errorSchema" },
      502: { description: "STS could not be asked; nothing was stored: try again", schema: "errorSchema" },
    },
    handler: async (event) => {
      const id = await workshopId(event);
      const input = await parse("joinInputSchema", event.body, "body");
      const { created, label, joinedAt, ...joined } = await (await load()).join(id, input);
      return json(created ? 201 : 200, { ...joined, label: label ?? null, joinedAt: iso(joinedAt) });
    },
  };
}
