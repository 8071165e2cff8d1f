/**
 * Anchor A, the API's irreducible part: only `@aws-sdk/client-dynamodb` and `lib-dynamodb`,
 * answering the benchmark's request (`GET /workshops/{id}/load-balancers?limit=50`, cold) with
 * the DynamoDB requests the API sends for it, together: the workshop's BatchGetItem and the
 * page's Query. No validation, routing, logging or views.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";

let client: DynamoDBDocumentClient | undefined;

export async function handler(event: { pathParameters?: Record<string, string> }) {
  client ??= DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const table = (JSON.parse(process.env.SST_RESOURCE_Table ?? "{}") as { name: string }).name;
  const id = event.pathParameters?.id ?? "";
  const [workshop, page] = await Promise.all([
    client.send(
      new BatchGetCommand({
        RequestItems: {
          [table]: {
            Keys: [
              { pk: "WORKSHOPS", sk: `${id}#CONFIG` },
              { pk: "WORKSHOPS", sk: `${id}#SWEEP` },
            ],
          },
        },
      }),
    ),
    client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: "#pk = :pk AND begins_with(#sk, :prefix)",
        ExpressionAttributeNames: { "#pk": "pk", "#sk": "sk" },
        ExpressionAttributeValues: { ":pk": `WS#${id}`, ":prefix": "NLB#" },
        Limit: 50,
      }),
    ),
  ]);
  const found = workshop.Responses?.[table]?.length ?? 0;
  return {
    statusCode: found > 0 ? 200 : 404,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ loadBalancers: page.Items ?? [] }),
  };
}
