import type { WorkshopQueries } from "@targetwatch/core/queries";
import { json, query } from "../http.ts";
import type { Route } from "../routes.ts";
import { parse } from "../validation/request-validation.ts";
import { pageBody } from "./page-body.ts";
import { workshopId } from "./workshop-id.ts";

/** A workshop's health transitions, newest first, one page at a time. */
export function transitionRoutes(queries: WorkshopQueries): Route[] {
  return [
    {
      method: "GET",
      path: "/workshops/{id}/transitions",
      summary: "Health transitions, newest first",
      description:
        "Each transition with its NLB's account and the participant's label as the workshop gives it now. `?account=` keeps one participant's (filtered in the page's one DynamoDB Query: a page may hold fewer than `limit` and still have a `nextToken`). `?loadBalancer=<name>` without `?account=` answers `409 AmbiguousName` when the page read holds transitions of NLBs of that name in several accounts, listing them as `GET …/load-balancers/{name}` does; the check is made on each page, so it costs no extra request.",
      pathParams: { id: "workshopIdSchema" },
      query: "transitionsQuerySchema",
      responses: {
        200: { description: "One page of transitions", schema: "transitionListSchema" },
        409: {
          description:
            "With ?loadBalancer= and no ?account=: the page holds NLBs of this name in several accounts, to choose from",
          schema: "ambiguousNameErrorSchema",
        },
      },
      handler: async (event) => {
        const q = await parse("transitionsQuerySchema", query(event), "query");
        const page = await queries.listTransitions(await workshopId(event), {
          limit: q.limit,
          ...(q.nextToken ? { nextToken: q.nextToken } : {}),
          ...(q.loadBalancer ? { loadBalancer: q.loadBalancer } : {}),
          ...(q.account ? { account: q.account } : {}),
          ...(q.since ? { since: Date.parse(q.since) } : {}),
          ...(q.until ? { until: Date.parse(q.until) } : {}),
        });
        return json(200, pageBody("transitions", page));
      },
    },
  ];
}
