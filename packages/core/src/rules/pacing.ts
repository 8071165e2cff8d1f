/** What the facilitator should do next with the class. */
export type Advice = "proceed" | "wait" | "troubleshoot";

/** The class's progress toward the goal and what it suggests. */
export interface Pacing {
  participants: number;
  done: number;
  /** Percentage done, rounded down: 161 of 200 shows 80, not 81. */
  percentDone: number;
  advice: Advice;
  /** The advice in a sentence, for a headline. */
  adviceText: string;
}

/**
 * The thresholds workshop organisers pace a class by: over 80 % done, move on; 60–80 %, give
 * five more minutes; under 60 %, stop and troubleshoot together. Both bounds belong to `wait`.
 */
export const PACING_THRESHOLDS = Object.freeze({ proceedAbovePercent: 80, waitFromPercent: 60 });

const ADVICE_TEXT: Readonly<Record<Advice, string>> = Object.freeze({
  proceed: "Over 80 % are done: move the class on.",
  wait: "60–80 % are done: give the class five more minutes.",
  troubleshoot: "Under 60 % are done: stop and troubleshoot together.",
});

/**
 * Pacing advice for `done` of `participants` (see {@link PACING_THRESHOLDS}). The advice
 * follows the exact share, not the rounded percentage. With no participants yet the advice is to
 * wait.
 *
 * @example
 * ```ts
 * pacingAdvice(21, 30); // { percentDone: 70, advice: "wait", … }
 * pacingAdvice(25, 30); // advice "proceed" (83 %)
 * ```
 */
export function pacingAdvice(done: number, participants: number): Pacing {
  if (participants <= 0) {
    return { participants: 0, done: 0, percentDone: 0, advice: "wait", adviceText: "No participants yet." };
  }
  const share = (100 * done) / participants;
  const advice: Advice =
    share > PACING_THRESHOLDS.proceedAbovePercent
      ? "proceed"
      : share >= PACING_THRESHOLDS.waitFromPercent
        ? "wait"
        : "troubleshoot";
  return { participants, done, percentDone: Math.floor(share), advice, adviceText: ADVICE_TEXT[advice] };
}
