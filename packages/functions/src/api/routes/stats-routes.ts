import type { WorkshopQueries } from "@targetwatch/core/queries";
import { json, query } from "../http.ts";
import type { Route } from "../routes.ts";
import { parse } from "../validation/request-validation.ts";
import { workshopId } from "./workshop-id.ts";

/** A workshop's statistics: time to healthy, stuck targets, mode counts. */
export function statsRoutes(queries: WorkshopQueries): Route[] {
  return [
    {
      method: "GET",
      path: "/workshops/{id}/stats",
      summary: "Time to healthy per target type, stuck targets, mode counts, participants by stage",
      description:
        "`participants` counts the participants by the stage of their most advanced NLB (the board's stages): in a workshop with accounts every account, one without an NLB yet as `noNlb`; without accounts one per cluster, else per NLB. Each stuck target names its account and the participant's label. `?account=` narrows everything to one participant account.",
      pathParams: { id: "workshopIdSchema" },
      query: "statsQuerySchema",
      responses: { 200: { description: "Statistics", schema: "statsSchema" } },
      handler: async (event) => {
        const q = await parse("statsQuerySchema", query(event), "query");
        return json(200, await queries.stats(await workshopId(event), q.scope ?? "window", q.account));
      },
    },
  ];
}
