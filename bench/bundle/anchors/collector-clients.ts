/**
 * Anchor C, the collector's irreducible part: the DynamoDB, ELBv2 and CloudWatch clients,
 * sending what the collector's first sweep sends in the benchmark's world (a simulator with no
 * load balancer): the workshops' Query, DescribeLoadBalancers, the NLB states' Query, the
 * heartbeat's PutItem and PutMetricData. No settings, limiter, diff or logging.
 */
import { CloudWatchClient, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";

let clients:
  | { dynamodb: DynamoDBDocumentClient; elbv2: ElasticLoadBalancingV2Client; cloudwatch: CloudWatchClient }
  | undefined;

export async function handler() {
  clients ??= {
    dynamodb: DynamoDBDocumentClient.from(new DynamoDBClient({})),
    elbv2: new ElasticLoadBalancingV2Client({}),
    cloudwatch: new CloudWatchClient({}),
  };
  const { dynamodb, elbv2, cloudwatch } = clients;
  const table = (JSON.parse(process.env.SST_RESOURCE_Table ?? "{}") as { name: string }).name;
  const query = (pk: string) =>
    dynamodb.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: "#pk = :pk",
        ExpressionAttributeNames: { "#pk": "pk" },
        ExpressionAttributeValues: { ":pk": pk },
      }),
    );
  await query("WORKSHOPS");
  const { LoadBalancers = [] } = await elbv2.send(new DescribeLoadBalancersCommand({}));
  await query("WS#default");
  const at = Date.now();
  await dynamodb.send(
    new PutCommand({ TableName: table, Item: { pk: "WORKSHOPS", sk: "default#SWEEP", at } }),
  );
  await cloudwatch.send(
    new PutMetricDataCommand({
      Namespace: "TargetWatch",
      MetricData: [{ MetricName: "LoadBalancers", Value: LoadBalancers.length, Timestamp: new Date(at) }],
    }),
  );
  return { loadBalancers: LoadBalancers.length };
}
