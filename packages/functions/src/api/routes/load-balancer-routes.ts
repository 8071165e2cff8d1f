import type { WorkshopQueries } from "@targetwatch/core/queries";
import { json, pathParameter, query } from "../http.ts";
import type { Route } from "../routes.ts";
import { parse } from "../validation/request-validation.ts";
import { pageBody } from "./page-body.ts";
import { workshopId } from "./workshop-id.ts";

/** A workshop's NLBs: one page of them, or one with its targets. */
export function loadBalancerRoutes(queries: WorkshopQueries): Route[] {
  return [
    {
      method: "GET",
      path: "/workshops/{id}/load-balancers",
      summary: "The workshop's NLBs: mode, target counts, target states",
      description:
        "Each NLB with its account (from its ARN) and the participant's label as the workshop's accounts give it now (labels may change during the event; null without one). `?account=` lists one participant's NLBs: the filter is part of the page's one DynamoDB Query, so a page may hold fewer than `limit` NLBs and still have a `nextToken`, which is good for that account only.",
      pathParams: { id: "workshopIdSchema" },
      query: "loadBalancersQuerySchema",
      responses: { 200: { description: "One page of NLBs", schema: "loadBalancerListSchema" } },
      handler: async (event) => {
        const q = await parse("loadBalancersQuerySchema", query(event), "query");
        const page = await queries.listLoadBalancers(await workshopId(event), {
          limit: q.limit,
          ...(q.nextToken ? { nextToken: q.nextToken } : {}),
          ...(q.mode ? { mode: q.mode } : {}),
          ...(q.cluster ? { cluster: q.cluster } : {}),
          ...(q.state ? { state: q.state } : {}),
          ...(q.stuck ? { stuck: q.stuck === "true" } : {}),
          ...(q.account ? { account: q.account } : {}),
        });
        return json(200, pageBody("loadBalancers", page));
      },
    },
    {
      method: "GET",
      path: "/workshops/{id}/load-balancers/{name}",
      summary: "One NLB with its targets",
      description:
        "The Load Balancer Controller names a Service's NLB alike in every participant's cluster, so in a workshop with accounts a name may be that of NLBs in several accounts: then the answer is `409 AmbiguousName` with `error.accounts` listing each account (its label and the NLB's region) to repeat the request with `?account=<accountId>`. A name in one account only needs no `?account=`.",
      pathParams: { id: "workshopIdSchema", name: "loadBalancerNameSchema" },
      query: "loadBalancerQuerySchema",
      responses: {
        200: { description: "The NLB and its targets", schema: "loadBalancerDetailSchema" },
        404: { description: "No such workshop or NLB" },
        409: {
          description:
            "NLBs of this name are in several accounts: the accounts to choose from with ?account=",
          schema: "ambiguousNameErrorSchema",
        },
      },
      handler: async (event) => {
        const name = await parse("loadBalancerNameSchema", pathParameter(event, "name"), "path.name");
        const q = await parse("loadBalancerQuerySchema", query(event), "query");
        return json(
          200,
          await queries.getLoadBalancer(await workshopId(event), name, {
            ...(q.region ? { region: q.region } : {}),
            ...(q.account ? { account: q.account } : {}),
          }),
        );
      },
    },
  ];
}
