import type { WorkshopQueries } from "@targetwatch/core/queries";
import { json } from "../http.ts";
import type { Route } from "../routes.ts";
import { workshopId } from "./workshop-id.ts";

/** A workshop's participant accounts and how reading each goes. */
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
  ];
}
