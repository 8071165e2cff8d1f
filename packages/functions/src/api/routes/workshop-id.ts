import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { pathParameter } from "../http.ts";
import { parse } from "../validation/request-validation.ts";

/** The `{id}` of a `/workshops/{id}…` path, validated. */
export const workshopId = (event: APIGatewayProxyEventV2) =>
  parse("workshopIdSchema", pathParameter(event, "id"), "path.id");
