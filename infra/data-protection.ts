/**
 * Which stages keep their data safe: point-in-time recovery and deletion protection on the
 * table, and `removal: "retain"` so that `sst remove` leaves the table behind. Plain TypeScript
 * without SST's globals, because sst.config.ts's `app()` needs it before SST defines them.
 */

/** The stage names that are production: the README deploys `prod`, SST's own examples use `production`. */
export const PRODUCTION_STAGES: readonly string[] = ["prod", "production"];

/**
 * The deploy-time setting that overrides the stage name: `TARGETWATCH_PROTECT=true` protects any
 * stage (a shared staging stage, a second production region), `false` turns the protections off
 * even for a production stage. Like every deploy setting it must be given again on each deploy:
 * a deploy without it falls back to the stage name.
 */
export const PROTECT_SETTING = "TARGETWATCH_PROTECT";

/**
 * Whether the stage's data is protected: {@link PROTECT_SETTING} when given (`true` or `false`,
 * any case), else whether the stage is one of {@link PRODUCTION_STAGES}. Anything else in the
 * setting is refused, so that a typo cannot silently leave production's table unprotected.
 *
 * @example
 * protectsData("prod", {}); // true
 * protectsData("dev", { TARGETWATCH_PROTECT: "true" }); // true
 */
export function protectsData(stage: string, env: Record<string, string | undefined> = process.env): boolean {
  const raw = env[PROTECT_SETTING];
  const setting = raw?.trim().toLowerCase();
  if (!setting) return PRODUCTION_STAGES.includes(stage);
  if (setting === "true") return true;
  if (setting === "false") return false;
  throw new Error(`${PROTECT_SETTING} must be "true" or "false", not ${JSON.stringify(raw)}`);
}
