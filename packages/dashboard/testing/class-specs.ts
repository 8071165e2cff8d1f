// The participants of a generated class, before they become a board (see fixtures.ts).
import type { Stage } from "@targetwatch/core/model";
import type { AccountStatus } from "../src/board.ts";

/** 2026-11-27T10:00:00Z: "now" for every fixture unless told otherwise. */
export const FIXTURE_NOW = Date.parse("2026-11-27T10:00:00.000Z");
export const STUCK_THRESHOLD_SECONDS = 300;

/** What a participant is doing, from which the board's row is built. */
export interface ParticipantSpec {
  index: number;
  /** The stage they are heading for; the rule decides the stage shown (a stuck one stays behind). */
  stage: Stage;
  stageSeconds: number;
  /** A target that does not become healthy: failing health checks, or registration that lasts. */
  stuck?: "failing" | "registering";
  /** An account targetwatch cannot read. */
  account?: Exclude<AccountStatus, "ok">;
  label?: string | null;
}

export interface ClassOptions {
  participants: number;
  seed?: number;
  /** How many are stuck (taken among those past instance mode). Default: one in ten. */
  stuck?: number;
  /** How many accounts cannot be read. Default: one in fifteen. */
  brokenAccounts?: number;
  /** Labels "Table N – Name", six to a table. Default true. */
  labels?: boolean;
}

/** A small seeded PRNG (mulberry32): the same class for the same seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = [
  "Alice",
  "Bob",
  "Chen",
  "Dana",
  "Emeka",
  "Farah",
  "Goran",
  "Hiro",
  "Ines",
  "Jon",
  "Kemal",
  "Lena",
];
/** A class an hour in: most are done, the rest spread over the earlier stages. */
const STAGE_WEIGHTS: readonly [Stage, number][] = [
  ["noNlb", 0.05],
  ["instance", 0.1],
  ["switching", 0.1],
  ["ipHealthy", 0.08],
  ["scaledOut", 0.12],
  ["done", 0.55],
];

/** The stage at a point in [0, 1) of the weights' cumulative distribution. */
function weightedStage(point: number): Stage {
  let cumulative = 0;
  for (const [stage, weight] of STAGE_WEIGHTS) {
    cumulative += weight;
    if (point < cumulative) return stage;
  }
  return "done";
}

/** The participants of a class, before they are turned into a board. */
export function classSpecs(options: ClassOptions): ParticipantSpec[] {
  const next = random(options.seed ?? 42);
  const specs: ParticipantSpec[] = Array.from({ length: options.participants }, (_, index) => {
    const stage = weightedStage(next());
    const label =
      options.labels === false ? null : `Table ${Math.floor(index / 6) + 1} – ${NAMES[index % NAMES.length]}`;
    return { index, stage, stageSeconds: Math.round(20 + next() * 400), label };
  });
  const stuck = options.stuck ?? Math.max(1, Math.floor(options.participants / 10));
  const broken = options.brokenAccounts ?? Math.floor(options.participants / 15);
  // Stuck: spread over the class, in the stages where a pod target waits.
  const candidates = specs.filter((s) => s.stage !== "noNlb" && s.stage !== "instance");
  candidates.slice(0, stuck).forEach((spec, i) => {
    spec.stuck = i % 2 === 0 ? "failing" : "registering";
    spec.stage = i % 2 === 0 ? "scaledOut" : "switching";
    spec.stageSeconds = STUCK_THRESHOLD_SECONDS + 60 + i * 45;
  });
  // Unreadable accounts: the last of the class; with nothing read, they have no NLB to show.
  specs
    .filter((s) => !s.stuck)
    .slice(-broken || specs.length)
    .slice(0, broken)
    .forEach((spec, i) => {
      spec.account = i % 2 === 0 ? "roleNotAssumable" : "error";
      spec.stage = "noNlb";
    });
  return specs;
}
