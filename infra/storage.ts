import { TABLE_DEFINITION } from "@targetwatch/core/definitions";
import { isProtected } from "./settings.ts";

/**
 * SST links a table with `dynamodb:*` on it and everything under it. targetwatch's links carry
 * only the table's name (`Resource.Table.name`); each function declares the table actions its
 * own code calls with {@link tableAccess}, and infra/tests checks both ways that the actions are
 * exactly those its handler's code can send. (This rewrites the link of every `sst.aws.Dynamo`
 * in the app; there is one.)
 */
sst.Linkable.wrap(sst.aws.Dynamo, (table) => ({ properties: { name: table.name } }));

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

/**
 * A permission for DynamoDB data-plane actions on the table and its index (a Query on the index
 * is authorised on the index's ARN), optionally under conditions. Nothing here changes or
 * deletes the table itself.
 */
export function tableAccess(
  actions: string[],
  conditions?: { test: string; variable: string; values: string[] }[],
) {
  return {
    actions,
    resources: [table.arn, $interpolate`${table.arn}/index/*`],
    ...(conditions ? { conditions } : {}),
  };
}
