/**
 * Least-privilege checks over IAM policy documents, kept apart from the graph so that the test
 * can show they do catch what they are meant to catch.
 */

export interface Statement {
  Sid?: string;
  Effect: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Principal?: unknown;
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version?: string;
  Statement: Statement[];
}

/** Where `Resource: "*"` is allowed, because AWS offers no resource-level permission for the action. */
export interface StarResourceAllowance {
  /** Every action of the statement must be one of these. */
  actions: string[];
  /** And, if given, the statement must carry this condition (operator → key → values). */
  condition?: Record<string, Record<string, string[]>>;
}

const list = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/**
 * Every policy document found anywhere in a resource's inputs: objects with a `Statement` list,
 * and JSON strings of such objects (inline policies, trust policies, topic or bucket policies…).
 */
export function findPolicyDocuments(value: unknown): PolicyDocument[] {
  if (typeof value === "string") {
    if (!value.includes("Statement")) return [];
    try {
      return findPolicyDocuments(JSON.parse(value));
    } catch {
      return [];
    }
  }
  if (Array.isArray(value)) return value.flatMap(findPolicyDocuments);
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (Array.isArray(record.Statement)) return [record as unknown as PolicyDocument];
    return Object.values(record).flatMap(findPolicyDocuments);
  }
  return [];
}

/**
 * What is wrong with these statements, as readable lines (none: least privilege holds):
 * - any wildcard in an action (`*`, `service:*`, `service:Describe*`), or a `NotAction`;
 * - a `NotResource`, or `Resource: "*"` on a statement that no allowance covers.
 */
export function findViolations(statements: Statement[], allowances: StarResourceAllowance[]): string[] {
  const violations: string[] = [];
  for (const statement of statements) {
    const where = JSON.stringify(statement);
    if (statement.Effect !== "Allow") continue;
    if (statement.NotAction !== undefined) violations.push(`NotAction in ${where}`);
    if (statement.NotResource !== undefined) violations.push(`NotResource in ${where}`);
    const actions = list(statement.Action);
    for (const action of actions) {
      if (action.includes("*")) violations.push(`wildcard action ${action} in ${where}`);
    }
    if (list(statement.Resource).includes("*")) {
      const allowed = allowances.some(
        (allowance) =>
          actions.length > 0 &&
          actions.every((action) => allowance.actions.includes(action)) &&
          (allowance.condition === undefined || sameCondition(statement.Condition, allowance.condition)),
      );
      if (!allowed) violations.push(`resource * in ${where}`);
    }
  }
  return violations;
}

function sameCondition(
  actual: Statement["Condition"],
  expected: Record<string, Record<string, string[]>>,
): boolean {
  if (!actual) return false;
  return Object.entries(expected).every(([operator, keys]) =>
    Object.entries(keys).every(([key, values]) => {
      const found = list(actual[operator]?.[key]);
      return found.length === values.length && values.every((v) => found.includes(v));
    }),
  );
}

/** Does an IAM resource pattern (`*` and `?` wildcards) match this ARN? */
export function iamPatternMatches(pattern: string, arn: string): boolean {
  const regex = pattern
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\/]/g, "\\$&")))
    .join("");
  return new RegExp(`^${regex}$`).test(arn);
}
