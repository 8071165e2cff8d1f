/**
 * The AWS API operations the application code calls, read from its sources (each
 * `new XCommand(` or `paginateX(` imported from an `@aws-sdk/*` package), as IAM actions: so the
 * infra test notices when code starts calling something the deployed roles do not allow.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** The IAM service prefix of each SDK package the application uses. */
const SERVICE_OF_PACKAGE: Record<string, string> = {
  "client-dynamodb": "dynamodb",
  "lib-dynamodb": "dynamodb",
  "client-elastic-load-balancing-v2": "elasticloadbalancing",
  "client-cloudwatch": "cloudwatch",
};

/**
 * The document client's commands are named after the items, not the API operations; a
 * transaction is authorised item by item, so it needs at least one of the item actions.
 */
const DOCUMENT_CLIENT_ACTIONS: Record<string, string[]> = {
  Get: ["GetItem"],
  Put: ["PutItem"],
  Update: ["UpdateItem"],
  Delete: ["DeleteItem"],
  BatchGet: ["BatchGetItem"],
  BatchWrite: ["BatchWriteItem"],
  TransactGet: ["GetItem"],
  TransactWrite: ["PutItem", "UpdateItem", "DeleteItem", "ConditionCheckItem"],
  Query: ["Query"],
  Scan: ["Scan"],
  ExecuteStatement: ["PartiQLSelect"],
};

/** One call site: the IAM actions (any one of which authorises it) and where it is. */
export interface SdkCall {
  actions: string[];
  file: string;
  operation: string;
}

/** Operations called in `.ts` files under the given folders, except the files listed. */
export function sdkCalls(root: string, folders: string[], except: string[]): SdkCall[] {
  const calls: SdkCall[] = [];
  for (const folder of folders) {
    for (const file of walk(path.join(root, folder))) {
      const relative = path.relative(root, file);
      if (except.includes(relative)) continue;
      calls.push(...callsIn(readFileSync(file, "utf8"), relative));
    }
  }
  return calls;
}

function callsIn(source: string, file: string): SdkCall[] {
  const calls: SdkCall[] = [];
  const imports = source.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*"@aws-sdk\/([\w-]+)"/g);
  for (const [, names = "", pkg = ""] of imports) {
    const service = SERVICE_OF_PACKAGE[pkg];
    for (const raw of names.split(",")) {
      const name = raw.replace(/^\s*type\s+/, "").trim();
      const command = /^(\w+)Command$/.exec(name)?.[1];
      const paginated = /^paginate(\w+)$/.exec(name)?.[1];
      const operation = command ?? paginated;
      if (!operation) continue;
      const used = new RegExp(command ? `new\\s+${name}\\s*\\(` : `${name}\\s*\\(`).test(source);
      if (!used) continue;
      if (!service)
        throw new Error(`${file}: ${name} from @aws-sdk/${pkg}: add its IAM service to sdk-usage.ts`);
      const documentClient = pkg === "lib-dynamodb" ? DOCUMENT_CLIENT_ACTIONS[operation] : undefined;
      if (pkg === "lib-dynamodb" && !documentClient)
        throw new Error(`${file}: unknown document command ${name}`);
      calls.push({
        file,
        operation,
        actions: (documentClient ?? [operation]).map((action) => `${service}:${action}`),
      });
    }
  }
  return calls;
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.name.endsWith(".ts")) yield full;
  }
}
