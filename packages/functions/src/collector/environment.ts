/**
 * Reading numbers and choices from environment variables, each problem named after its variable.
 * A few lines rather than a schema library: the collector reads seven variables, and a schema
 * library's code would be a sixth of what its cold start loads beyond the SDK clients
 * (docs/benchmarks.md).
 */

/** What a problem with one variable is reported as. */
export type Problems = string[];

/**
 * A number from `env[name]`, `fallback` when unset or empty. Written as people write numbers in
 * an environment (`5`, `2.5`), at least `min`, and whole when `integer`.
 */
export function numberSetting(
  env: NodeJS.ProcessEnv,
  name: string,
  rule: { fallback: number; min: number; exclusiveMin?: boolean; integer?: boolean },
  problems: Problems,
): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return rule.fallback;
  const value = /^[0-9]+(\.[0-9]+)?$/.test(raw) ? Number(raw) : Number.NaN;
  const bound = rule.exclusiveMin ? `greater than ${rule.min}` : `at least ${rule.min}`;
  const kind = rule.integer ? "a whole number" : "a number";
  if (
    !Number.isFinite(value) ||
    (rule.integer && !Number.isInteger(value)) ||
    (rule.exclusiveMin ? value <= rule.min : value < rule.min)
  ) {
    problems.push(`${name}: must be ${kind} ${bound}, not ${JSON.stringify(raw)}`);
    return rule.fallback;
  }
  return value;
}

/** One of `choices` from `env[name]`, `fallback` when unset or empty. */
export function choiceSetting<const C extends string>(
  env: NodeJS.ProcessEnv,
  name: string,
  choices: readonly C[],
  fallback: C,
  problems: Problems,
): C {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  if ((choices as readonly string[]).includes(raw)) return raw as C;
  problems.push(`${name}: must be one of ${choices.join(", ")}, not ${JSON.stringify(raw)}`);
  return fallback;
}

/** A comma-separated list from `env[name]`, blanks dropped. */
export function listSetting(env: NodeJS.ProcessEnv, name: string): string[] {
  return (env[name] ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
}
