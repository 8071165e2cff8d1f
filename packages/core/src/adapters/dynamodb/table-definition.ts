import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  type TableDescription,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/**
 * targetwatch's one table, as plain data. The shape follows SST's `sst.aws.Dynamo` arguments
 * (`fields`, `primaryIndex`, `globalIndexes`, `ttl`) so infra can pass it through unchanged;
 * {@link createTable} derives the DynamoDB API shapes from the same object, so the local stack,
 * the tests and the deployed table cannot drift apart.
 *
 * Only key attributes are declared: everything else is schemaless. See docs/data-model.md for
 * which item lives under which key.
 */
export const TABLE_DEFINITION = {
  fields: {
    pk: "string",
    sk: "string",
    gsi1pk: "string",
    gsi1sk: "string",
  },
  primaryIndex: { hashKey: "pk", rangeKey: "sk" },
  globalIndexes: {
    /** Transitions of one NLB, newest first. Sparse: only transition items carry `gsi1pk`. */
    gsi1: { hashKey: "gsi1pk", rangeKey: "gsi1sk", projection: "all" },
  },
  /** Epoch seconds; set on transitions only (history expires, current state never does). */
  ttl: "expiresAt",
} as const;

export const PARTITION_KEY = TABLE_DEFINITION.primaryIndex.hashKey;
export const SORT_KEY = TABLE_DEFINITION.primaryIndex.rangeKey;
export const GSI1_NAME = "gsi1";
export const GSI1_PARTITION_KEY = TABLE_DEFINITION.globalIndexes.gsi1.hashKey;
export const GSI1_SORT_KEY = TABLE_DEFINITION.globalIndexes.gsi1.rangeKey;
export const TTL_ATTRIBUTE = TABLE_DEFINITION.ttl;

/** `KeySchema` of the table, in DynamoDB API form. */
export const KEY_SCHEMA: KeySchemaElement[] = [
  { AttributeName: PARTITION_KEY, KeyType: "HASH" },
  { AttributeName: SORT_KEY, KeyType: "RANGE" },
];

/** `AttributeDefinitions` of the table, in DynamoDB API form. */
export const ATTRIBUTE_DEFINITIONS: AttributeDefinition[] = Object.entries(TABLE_DEFINITION.fields).map(
  ([AttributeName, type]) => ({ AttributeName, AttributeType: type === "string" ? "S" : "N" }),
);

/** `GlobalSecondaryIndexes` of the table (on-demand: no provisioned throughput), in DynamoDB API form. */
export const GLOBAL_SECONDARY_INDEXES: GlobalSecondaryIndex[] = Object.entries(
  TABLE_DEFINITION.globalIndexes,
).map(([IndexName, index]) => ({
  IndexName,
  KeySchema: [
    { AttributeName: index.hashKey, KeyType: "HASH" },
    { AttributeName: index.rangeKey, KeyType: "RANGE" },
  ],
  Projection: { ProjectionType: "ALL" },
}));

/** Thrown by {@link createTable} when a table of that name exists with other keys or indexes. */
export class TableSchemaMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TableSchemaMismatchError";
  }
}

const ACTIVE_POLL_MS = 250;
const ACTIVE_TIMEOUT_MS = 120_000;

/**
 * Creates targetwatch's table on demand (PAY_PER_REQUEST) and enables TTL on `expiresAt`, for
 * the tests and the local stack; the deployed table comes from infra. Idempotent: an existing
 * table with the same keys and indexes is kept (and its TTL enabled if it is not yet), one with
 * other keys is refused rather than silently used.
 *
 * @example
 * ```ts
 * const client = new DynamoDBClient({});
 * await createTable(client, "targetwatch-local");
 * ```
 */
export async function createTable(
  client: DynamoDBClient | DynamoDBDocumentClient,
  tableName: string,
): Promise<void> {
  // Both clients share the DynamoDB command set; the document client only adds marshalling.
  const send = client.send.bind(client) as DynamoDBClient["send"];
  try {
    await send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: "PAY_PER_REQUEST",
        KeySchema: KEY_SCHEMA,
        AttributeDefinitions: ATTRIBUTE_DEFINITIONS,
        GlobalSecondaryIndexes: GLOBAL_SECONDARY_INDEXES,
      }),
    );
  } catch (error) {
    if ((error as Error).name !== "ResourceInUseException") throw error;
  }
  const table = await waitUntilActive(send, tableName);
  assertSameSchema(table, tableName);

  const ttl = await send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const status = ttl.TimeToLiveDescription?.TimeToLiveStatus;
  const attribute = ttl.TimeToLiveDescription?.AttributeName;
  if ((status === "ENABLED" || status === "ENABLING") && attribute === TTL_ATTRIBUTE) return;
  // AWS refuses to enable TTL twice, hence the check above; it also allows one change per hour.
  await send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    }),
  );
}

async function waitUntilActive(send: DynamoDBClient["send"], tableName: string): Promise<TableDescription> {
  const deadline = Date.now() + ACTIVE_TIMEOUT_MS;
  for (;;) {
    const { Table } = await send(new DescribeTableCommand({ TableName: tableName }));
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every(
      (index) => index.IndexStatus === "ACTIVE",
    );
    if (Table?.TableStatus === "ACTIVE" && indexesActive) return Table;
    if (Date.now() > deadline) {
      throw new Error(
        `Table ${tableName} is not ACTIVE after ${ACTIVE_TIMEOUT_MS / 1000} s (${Table?.TableStatus})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, ACTIVE_POLL_MS));
  }
}

function assertSameSchema(table: TableDescription, tableName: string): void {
  const keys = (schema: KeySchemaElement[] | undefined) =>
    JSON.stringify((schema ?? []).map((k) => [k.AttributeName, k.KeyType]));
  const problems: string[] = [];
  if (keys(table.KeySchema) !== keys(KEY_SCHEMA)) problems.push(`key schema ${keys(table.KeySchema)}`);
  for (const wanted of GLOBAL_SECONDARY_INDEXES) {
    const found = table.GlobalSecondaryIndexes?.find((index) => index.IndexName === wanted.IndexName);
    if (!found) problems.push(`no index ${wanted.IndexName}`);
    else if (keys(found.KeySchema) !== keys(wanted.KeySchema)) {
      problems.push(`index ${wanted.IndexName} keyed ${keys(found.KeySchema)}`);
    }
  }
  if (problems.length > 0) {
    throw new TableSchemaMismatchError(
      `Table ${tableName} exists but is not targetwatch's table: ${problems.join("; ")}`,
    );
  }
}
