import type { LoadBalancerDetailView } from "@targetwatch/core/queries";
import { type LiveViewData, renderLiveView, type ScreenSize } from "./live-view.ts";
import { collapseEvents, type RecentEvents } from "./live-view-recent.ts";
import { participantOf } from "./live-view-rows.ts";
import type { LocalStack } from "./local-stack.ts";

/** Where the view is drawn: a terminal's output (process.stdout in `npm start`). */
export interface ViewOutput {
  write(text: string): unknown;
  columns?: number;
  rows?: number;
  on?(event: "resize", listener: () => void): unknown;
  off?(event: "resize", listener: () => void): unknown;
}

/** A terminal of unknown size is drawn as the classic 80×24. */
const FALLBACK: ScreenSize = { columns: 80, rows: 24 };

/**
 * The screen as escape sequences: each line written at its own row and cleared to its end, then
 * everything below cleared. Nothing is written past the last row, so the terminal never scrolls
 * and the header stays in place.
 */
export function screenText(lines: readonly string[]): string {
  return `${lines.map((line, i) => `\x1b[${i + 1};1H${line}\x1b[K`).join("")}\x1b[${lines.length + 1};1H\x1b[J`;
}

/**
 * The terminal view: redrawn in place on a terminal when sweeps land (and every second for the
 * clock), to the terminal's size; in plain mode, one summary line per NLB after each sweep instead.
 */
export class LiveView {
  readonly #stack: () => LocalStack | undefined;
  readonly #recent: RecentEvents;
  readonly #plain: boolean;
  readonly #out: ViewOutput;
  readonly #onResize = () => this.schedule();
  #timer: NodeJS.Timeout | undefined;
  #drawing = false;
  #again = false;
  #pendingSummary = false;
  #stopped = false;
  #drawn: Promise<void> = Promise.resolve();

  constructor(
    stack: () => LocalStack | undefined,
    recent: RecentEvents,
    plain: boolean,
    out: ViewOutput = process.stdout,
  ) {
    this.#stack = stack;
    this.#recent = recent;
    this.#plain = plain;
    this.#out = out;
  }

  start(): void {
    if (!this.#plain) {
      this.#timer = setInterval(() => this.schedule(), 1000);
      this.#timer.unref();
      this.#out.on?.("resize", this.#onResize);
    }
  }

  /** Stops drawing; resolves once a draw in progress (which reads the stack) has finished. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#out.off?.("resize", this.#onResize);
    await this.#drawn;
  }

  /** Redraws soon (coalescing bursts of events); `sweep` also prints the plain summary. */
  schedule(sweep = false): void {
    if (this.#stopped) return;
    if (sweep) this.#pendingSummary = true;
    if (this.#drawing) {
      // What the draw in progress read may predate this event: draw again once it is done.
      this.#again = true;
      return;
    }
    this.#drawing = true;
    this.#drawn = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.#draw())
      .catch((error: unknown) => {
        if (this.#plain) console.error(`view: ${(error as Error).message}`);
      })
      .finally(() => {
        this.#drawing = false;
        if (this.#again) {
          this.#again = false;
          this.schedule();
        }
      });
  }

  async #draw(): Promise<void> {
    const stack = this.#stack();
    if (!stack || this.#stopped) return;
    if (this.#plain && !this.#pendingSummary) return;
    this.#pendingSummary = false;
    const data = await liveViewData(stack, this.#recent);
    if (this.#stopped) return;
    if (this.#plain) {
      for (const line of plainSummary(data)) console.log(line);
      return;
    }
    const size = {
      columns: this.#out.columns || FALLBACK.columns,
      rows: this.#out.rows || FALLBACK.rows,
    };
    this.#out.write(screenText(renderLiveView(data, size)));
  }
}

/** Plain mode's lines after a sweep: one per NLB. */
function plainSummary(data: LiveViewData): string[] {
  return data.workshops.flatMap(({ workshop, loadBalancers }) => {
    // A workshop of participant accounts names whose NLB it is: their label and account.
    const who = (lb: LoadBalancerDetailView) =>
      workshop.accounts.length > 0
        ? `participant ${participantOf(lb, workshop.accounts)} (account ${lb.accountId}), `
        : "";
    return loadBalancers.map((lb) => {
      const states = Object.entries(lb.targetsByState)
        .filter(([, n]) => n > 0)
        .map(([s, n]) => `${n} ${s}`);
      const tth = lb.targets.flatMap((t) =>
        t.timeToHealthySeconds === null ? [] : [Math.round(t.timeToHealthySeconds)],
      );
      return (
        `  ${workshop.id} ${lb.name}: ${who(lb)}cluster ${lb.cluster ?? "-"}, service ${lb.service ?? "-"}, mode ${lb.mode}, ` +
        `targets ${states.join(", ") || "none"}, time to healthy ${tth.length ? `${tth.join("/")} s` : "-"}, ` +
        `stuck ${lb.stuck}, alarm ${workshop.alarm?.state ?? "none"}`
      );
    });
  });
}

/** Every NLB a view can show with its targets; a class larger than that shows the rest by counts. */
const DETAILED_NLBS = 100;

/** What the view shows, read through the API's queries as a client would see it. */
export async function liveViewData(stack: LocalStack, recent: RecentEvents): Promise<LiveViewData> {
  const { queries } = stack.api;
  const workshops = await queries.listWorkshops();
  const start = stack.sim?.start;
  return {
    now: stack.now(),
    ...(start !== undefined ? { elapsedSeconds: (stack.now() - start) / 1000 } : {}),
    apiUrl: stack.api.url,
    token: stack.api.token,
    ...(stack.sim ? { simulatorUrl: stack.sim.endpoint } : {}),
    recent: collapseEvents(recent.events(), start),
    workshops: await Promise.all(
      workshops.map(async (workshop) => {
        const page = await queries.listLoadBalancers(workshop.id, { limit: 100 });
        const details = await Promise.all(
          page.items
            .slice(0, DETAILED_NLBS)
            .map((lb) =>
              queries.getLoadBalancer(workshop.id, lb.name, { region: lb.region, account: lb.accountId }),
            ),
        );
        const loadBalancers = page.items.map((lb, i) => details[i] ?? { ...lb, targets: [] });
        return { workshop, stats: await queries.stats(workshop.id), loadBalancers };
      }),
    ),
  };
}
