import { z } from "zod";
import type { SimAccounts } from "../accounts/sim-accounts.ts";
import type { VirtualClock } from "../clock.ts";
import type { CloudWatchSim } from "../cloudwatch/cloudwatch-sim.ts";
import type { FaultInjector } from "../faults/fault-injector.ts";
import type { SimResponse } from "../protocol.ts";
import { faultConfigSchema, liveStepSchema } from "../scenario/schema.ts";
import type { ControlHandler, ControlRequest } from "../server.ts";
import { type World, WorldError } from "../world/world.ts";
import { createAccountRoutes } from "./account-routes.ts";
import { error, json, parseBody } from "./responses.ts";

const advanceSchema = z.union([
  z
    .object({
      seconds: z
        .number()
        .nonnegative()
        .max(30 * 24 * 3600),
    })
    .strict(),
  z.object({ to: z.iso.datetime({ offset: true }) }).strict(),
]);

export interface ControlApiDeps {
  clock: VirtualClock;
  world: World;
  cloudwatch: CloudWatchSim;
  accounts: SimAccounts;
  faults: FaultInjector;
  /** Simulated epoch ms of the scenario's t = 0. */
  start: number;
}

/**
 * The simulator's own small HTTP API under `/_sim/`, for tests and people: read and advance the
 * clock, apply scenario steps now, inspect the world and the ground truth, change faults, and
 * manage the accounts (their credentials, the participant role). Documented in docs/simulator.md.
 */
export function createControlApi(deps: ControlApiDeps): ControlHandler {
  const routes: Record<string, Partial<Record<string, (request: ControlRequest) => SimResponse>>> = {
    health: { GET: () => json(200, { ok: true }) },
    clock: { GET: () => json(200, clockBody(deps)) },
    "clock/advance": {
      POST: (request) => {
        const body = parseBody(request.body, advanceSchema);
        if ("error" in body) return body.error;
        if ("seconds" in body.value) deps.clock.advance(body.value.seconds * 1000);
        else {
          const target = Date.parse(body.value.to);
          if (target < deps.clock.now())
            return error(400, "InvalidTime", "simulated time only moves forward");
          deps.clock.advanceTo(target);
        }
        deps.world.advanceTo(deps.clock.now());
        deps.accounts.evaluateAlarms(deps.clock.now());
        return json(200, clockBody(deps));
      },
    },
    world: { GET: () => json(200, deps.world.summary()) },
    truth: {
      GET: () =>
        json(200, {
          transitions: deps.world.truth().map((t) => ({ ...t, at: new Date(t.at).toISOString() })),
        }),
    },
    steps: {
      POST: (request) => {
        const body = parseBody(request.body, liveStepSchema);
        if ("error" in body) return body.error;
        const { at, ...action } = body.value;
        const when = deps.clock.now() + at * 1000;
        try {
          if (at === 0) deps.world.apply(action);
          else deps.world.schedule(when, action);
        } catch (e) {
          if (e instanceof WorldError) return error(409, "StepNotApplicable", e.message);
          throw e;
        }
        return json(200, { applied: action, at: new Date(when).toISOString() });
      },
    },
    faults: {
      GET: () => json(200, { faults: deps.faults.config, counters: deps.faults.counters }),
      PUT: (request) => {
        const body = parseBody(request.body, faultConfigSchema);
        if ("error" in body) return body.error;
        deps.faults.configure(body.value);
        return json(200, { faults: deps.faults.config });
      },
    },
    notifications: { GET: () => json(200, { notifications: deps.cloudwatch.notifications }) },
  };

  const accountRoutes = createAccountRoutes(deps.accounts);
  return (request) => {
    const route = routes[request.path.replace(/\/+$/, "")] ?? accountRoutes(request.path.replace(/\/+$/, ""));
    if (!route)
      return error(404, "NotFound", `no simulator route /_sim/${request.path} (see docs/simulator.md)`);
    const handler = route[request.method];
    if (!handler)
      return error(
        405,
        "MethodNotAllowed",
        `use ${Object.keys(route).join(" or ")} for /_sim/${request.path}`,
      );
    return handler(request);
  };
}

function clockBody(deps: ControlApiDeps) {
  // One reading: a process following this clock maps wall time onto it without drift.
  const { epochMs: now, wallMs } = deps.clock.reading();
  return {
    now: new Date(now).toISOString(),
    epochMs: now,
    wallMs,
    elapsedSeconds: (now - deps.start) / 1000,
    speed: deps.clock.speed,
    nextEventAt: nextEvent(deps.world),
  };
}

function nextEvent(world: World): string | null {
  const at = world.nextEventAt();
  return at === undefined ? null : new Date(at).toISOString();
}
