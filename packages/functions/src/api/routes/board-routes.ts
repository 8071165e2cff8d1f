import { boardEtag, type WorkshopQueries } from "@targetwatch/core/queries";
import { json, matchesEtag } from "../http.ts";
import type { Route } from "../routes.ts";
import { workshopId } from "./workshop-id.ts";

/** The facilitators' dashboard in one request, with an ETag that ignores the passing of time. */
export function boardRoutes(queries: WorkshopQueries): Route[] {
  return [
    {
      method: "GET",
      path: "/workshops/{id}/board",
      summary: "Everything the facilitators' dashboard shows, in one request",
      description:
        "Participants with their stage and targets, stuck targets with hints, time to healthy, the class's stage counts over time, alarm and last sweep (docs/dashboard.md). Every 200 carries an ETag that leaves out the fields that only tick with time; send it back as If-None-Match and an unchanged board is a 304 without a body.",
      pathParams: { id: "workshopIdSchema" },
      responses: {
        200: { description: "The board", schema: "boardSchema" },
        304: { description: "Not modified: nothing changed but time" },
        404: { description: "No such workshop" },
      },
      handler: async (event) => {
        const board = await queries.board(await workshopId(event));
        const etag = boardEtag(board);
        if (matchesEtag(event.headers?.["if-none-match"], etag)) {
          return { statusCode: 304, headers: { etag, "cache-control": "no-store" } };
        }
        return json(200, board, { etag });
      },
    },
  ];
}
