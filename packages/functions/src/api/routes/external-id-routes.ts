import type { WorkshopQueries } from "@targetwatch/core/queries";
import { json } from "../http.ts";
import type { Route } from "../routes.ts";
import { workshopId } from "./workshop-id.ts";

/** Rotating the workshop's external id, the secret-ish half of every participant role's trust. */
export function externalIdRoutes(queries: WorkshopQueries): Route[] {
  return [
    {
      method: "POST",
      path: "/workshops/{id}/external-id/rotate",
      summary: "Replace the workshop's external id with a new random one",
      description:
        "The previous external id is no longer stored. Every participant role deployed with it stops being assumable: those accounts turn roleNotAssumable (hinting at the rotation) until their stacks are updated with the new external id (GET /workshops/{id} gives it in participantRole).",
      pathParams: { id: "workshopIdSchema" },
      responses: {
        200: { description: "The new external id", schema: "externalIdRotationSchema" },
        404: { description: "No such workshop", schema: "errorSchema" },
        409: {
          description: "Conflict: the workshop kept changing under every attempt (send it again)",
          schema: "errorSchema",
        },
      },
      handler: async (event) => json(200, await queries.rotateExternalId(await workshopId(event))),
    },
  ];
}
