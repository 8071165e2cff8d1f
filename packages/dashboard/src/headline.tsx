// "N of M participants done", what to do about it, and how the class spreads over the stages.
import { STAGES } from "@targetwatch/core/model";
import type { Board } from "./board.ts";
import { ADVICE_LABELS, STAGE_LABELS } from "./labels.ts";

const ADVICE_ICONS = { proceed: "✓", wait: "⏱", troubleshoot: "!" } as const;

export function Headline({ headline }: { headline: Board["headline"] }) {
  return (
    <section class="headline" aria-labelledby="headline-title">
      <h2 id="headline-title" class="headline-count" data-testid="headline">
        <strong>{headline.done}</strong> of <strong>{headline.participants}</strong> participants done
        <span class="percent"> ({headline.percentDone} %)</span>
      </h2>
      <p class={`advice advice-${headline.advice}`} data-testid="advice" data-advice={headline.advice}>
        <span class="advice-icon" aria-hidden="true">
          {ADVICE_ICONS[headline.advice]}
        </span>
        <span class="advice-label">{ADVICE_LABELS[headline.advice]}</span>
        <span class="advice-text">{headline.adviceText}</span>
      </p>
    </section>
  );
}

/** A bar split by stage, and the counts in words beside swatches. */
export function StageSummary({ stages, participants }: { stages: Board["stages"]; participants: number }) {
  return (
    <section class="stages" aria-labelledby="stages-title">
      <h2 id="stages-title" class="visually-hidden">
        Participants by stage
      </h2>
      <div class="stage-bar" aria-hidden="true">
        {STAGES.map((stage) =>
          stages[stage] > 0 ? (
            <span
              key={stage}
              class={`segment stage-${stage}`}
              style={{ flexGrow: stages[stage] }}
              title={`${STAGE_LABELS[stage]}: ${stages[stage]}`}
            />
          ) : null,
        )}
        {participants === 0 && <span class="segment empty" style={{ flexGrow: 1 }} />}
      </div>
      <ul class="legend stage-legend">
        {STAGES.map((stage) => (
          <li key={stage} data-stage={stage}>
            <span class={`swatch stage-${stage}`} aria-hidden="true" />
            <span class="stage-name">{STAGE_LABELS[stage]}</span>{" "}
            <strong class="stage-count" data-testid={`stage-count-${stage}`}>
              {stages[stage]}
            </strong>
          </li>
        ))}
      </ul>
    </section>
  );
}
