import { TABLE_DEFINITION } from "../packages/core/src/adapters/dynamodb/table-definition.ts";
import { isProtected } from "./settings.ts";

/**
 * The DynamoDB data-plane actions targetwatch's store uses: items read by key and by query,
 * written and deleted (conditionally, and in transactions, which IAM authorises item by item as
 * PutItem / UpdateItem / DeleteItem / ConditionCheckItem). No Scan (no request path scans, see
 * DESIGN.md) and nothing that changes or deletes the table itself. infra/tests checks that every
 * DynamoDB command in packages/core is covered.
 */
export const TABLE_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:ConditionCheckItem",
];

/**
 * SST links a table with `dynamodb:*` on it and everything under it. targetwatch's functions get
 * only the actions above, on the table and its indexes: still through `link`, so a handler keeps
 * reading `Resource.Table.name` and the permission travels with the link. (This rewrites the
 * link of every `sst.aws.Dynamo` in the app; there is one.)
 */
sst.Linkable.wrap(sst.aws.Dynamo, (table) => ({
  properties: { name: table.name },
  include: [
    sst.aws.permission({
      actions: TABLE_ACTIONS,
      resources: [table.arn, $interpolate`${table.arn}/index/*`],
    }),
  ],
}));

/**
 * targetwatch's one table. Its keys, index and TTL come from packages/core's TABLE_DEFINITION,
 * the same object the local stack and the tests create their tables from, so the deployed table
 * cannot drift from the code that reads it.
 *
 * SST turns point-in-time recovery on for every table; it costs per GB-month, so only protected
 * stages keep it (35 days of restorable history), together with deletion protection (and
 * `removal: "retain"` in sst.config.ts): a mistaken `sst remove` or console click must not lose a
 * season's transitions. Protected are the production stages (`prod`, the README's, and
 * `production`) and any stage deployed with TARGETWATCH_PROTECT=true; other stages are disposable.
 */
export const table = new sst.aws.Dynamo("Table", {
  fields: TABLE_DEFINITION.fields,
  primaryIndex: TABLE_DEFINITION.primaryIndex,
  globalIndexes: TABLE_DEFINITION.globalIndexes,
  ttl: TABLE_DEFINITION.ttl,
  deletionProtection: isProtected,
  transform: {
    table: { pointInTimeRecovery: { enabled: isProtected } },
  },
});
