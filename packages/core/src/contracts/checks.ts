/**
 * The contracts' rules that zod cannot say declaratively, as plain functions without zod: the
 * schemas use them as a transform and a refinement, and the API's validators compiled from the
 * schemas (packages/functions, `npm run docs`) call these very functions, so both decide alike.
 */

/** An issue as a zod transform reports it through `ctx.issues`. */
export type CustomIssue = { code: "custom"; input: unknown; message: string };

/**
 * A query parameter's whole number, written in decimal digits only: `Number()` would also read
 * `0x10`, `1e2`, ` 5` and `+5`, which no client means. Absent, it is left to the default. A zod
 * transform: anything else gets an issue (and `undefined`, which zod never uses after an issue).
 */
export function parseDecimalDigits(
  value: unknown,
  ctx: { issues: { push(issue: CustomIssue): unknown } },
): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string" && /^[0-9]{1,15}$/.test(value)) return Number(value);
  ctx.issues.push({ code: "custom", input: value, message: "must be a whole number in decimal digits" });
  return undefined;
}

/** Of a time range's query, `since` is not after `until` (either may be absent). */
export function sinceNotAfterUntil(query: {
  since?: string | undefined;
  until?: string | undefined;
}): boolean {
  return !query.since || !query.until || Date.parse(query.since) <= Date.parse(query.until);
}

/** Of a workshop's participant accounts, none named twice. */
export function accountIdsUnique(accounts: readonly { accountId: string }[]): boolean {
  return new Set(accounts.map((a) => a.accountId)).size === accounts.length;
}
