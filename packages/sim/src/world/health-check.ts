import type { TargetHealthState } from "./elb-view.ts";

/** Health-check settings of a target group, as the Load Balancer Controller sets them for an NLB. */
export interface HealthCheckSettings {
  intervalSeconds: number;
  timeoutSeconds: number;
  healthyThreshold: number;
  unhealthyThreshold: number;
}

export interface TargetTiming {
  /**
   * Time from RegisterTargets until the NLB starts health checks. NLB registration is slow —
   * 90–180 s to `healthy` is commonly reported — and most of that is this phase, during which
   * AWS reports `initial` / `Elb.RegistrationInProgress`.
   */
  registrationDelaySeconds: number;
  /**
   * From the end of registration to the first health check, in (0, interval]; one interval when
   * omitted. Checks then follow every interval.
   */
  firstCheckSeconds?: number;
  /** How long a deregistered target stays `draining` (the controller's default is 300 s). */
  deregistrationDelaySeconds: number;
}

export interface TargetHealth {
  state: TargetHealthState;
  reason?: string;
  description?: string;
}

/** A state change as it truly happened, to the millisecond — the ground truth collectors are measured against. */
export interface HealthChange {
  at: number;
  from: TargetHealthState | "new";
  to: TargetHealthState | "gone";
  reason?: string;
}

const REGISTRATION_IN_PROGRESS: TargetHealth = {
  state: "initial",
  reason: "Elb.RegistrationInProgress",
  description: "Target registration is in progress",
};
const INITIAL_HEALTH_CHECKING: TargetHealth = {
  state: "initial",
  reason: "Elb.InitialHealthChecking",
  description: "Initial health checks in progress",
};
const HEALTHY: TargetHealth = { state: "healthy" };
const FAILED_HEALTH_CHECKS: TargetHealth = {
  state: "unhealthy",
  reason: "Target.FailedHealthChecks",
  description: "Health checks failed",
};
const DRAINING: TargetHealth = {
  state: "draining",
  reason: "Target.DeregistrationInProgress",
  description: "Target deregistration is in progress",
};
const NOT_IN_USE: TargetHealth = {
  state: "unused",
  reason: "Target.NotInUse",
  description: "Target group is not configured to receive traffic from the load balancer",
};
const UNHEALTHY_DRAINING: TargetHealth = {
  state: "unhealthy.draining",
  reason: "Target.DeregistrationInProgress",
  description: "Target deregistration is in progress",
};

/**
 * One registered target's health, advanced lazily: the NLB checks it every `interval`, and it
 * flips to healthy after `healthyThreshold` consecutive passes, to unhealthy after
 * `unhealthyThreshold` consecutive failures. Whether a check passes depends only on the backend
 * (pod or node), which the world changes through `setPassing` at the moment it changes, so
 * between two such calls the outcome is constant and whole stretches of checks are skipped
 * arithmetically — reads stay O(1) however long the run.
 */
export class TargetHealthTracker {
  readonly registeredAt: number;
  readonly #settings: HealthCheckSettings;
  readonly #timing: TargetTiming;
  readonly #onChange: (change: HealthChange) => void;
  #health: TargetHealth = REGISTRATION_IN_PROGRESS;
  #passing: boolean;
  #nextCheckAt: number;
  #consecutive = 0;
  #evaluatedTo: number;
  #deregisteredAt: number | undefined;
  #goneAt: number | undefined;
  /** When `Elb.RegistrationInProgress` gives way to `Elb.InitialHealthChecking`, until it has. */
  #pendingInitialChecking: number | undefined;
  /** Outcome of the current streak of consecutive checks. */
  #streakPassing: boolean | undefined;

  constructor(options: {
    registeredAt: number;
    passing: boolean;
    settings: HealthCheckSettings;
    timing: TargetTiming;
    onChange?: (change: HealthChange) => void;
  }) {
    this.registeredAt = options.registeredAt;
    this.#settings = options.settings;
    this.#timing = options.timing;
    this.#passing = options.passing;
    this.#onChange = options.onChange ?? (() => {});
    this.#evaluatedTo = options.registeredAt;
    const checksStartAt = options.registeredAt + options.timing.registrationDelaySeconds * 1000;
    this.#nextCheckAt =
      checksStartAt + (options.timing.firstCheckSeconds ?? options.settings.intervalSeconds) * 1000;
    this.#onChange({
      at: options.registeredAt,
      from: "new",
      to: "initial",
      reason: REGISTRATION_IN_PROGRESS.reason,
    });
    this.#pendingInitialChecking = checksStartAt;
  }

  /** Health as AWS would report it at `now`; `undefined` once a deregistered target is gone. */
  healthAt(now: number): TargetHealth | undefined {
    this.#advance(now);
    return this.#goneAt !== undefined && now >= this.#goneAt ? undefined : this.#health;
  }

  /** True once a deregistered target has finished draining. */
  isGoneAt(now: number): boolean {
    return this.healthAt(now) === undefined;
  }

  get deregisteredAt(): number | undefined {
    return this.#deregisteredAt;
  }

  /** The backend starts (or stops) passing health checks at `at`. */
  setPassing(at: number, passing: boolean): void {
    this.#advance(at);
    this.#passing = passing;
  }

  /** Deregistration at `at`: `draining` until the deregistration delay has passed, then gone. */
  deregister(at: number): void {
    if (this.#deregisteredAt !== undefined) return;
    this.#advance(at);
    this.#deregisteredAt = at;
    this.#goneAt = at + this.#timing.deregistrationDelaySeconds * 1000;
    this.#set(at, this.#health.state === "unhealthy" ? UNHEALTHY_DRAINING : DRAINING);
  }

  /**
   * From `at` no load balancer forwards to the target's group (the listener moved to another):
   * the NLB stops checking it and reports it `unused` / `Target.NotInUse` until it is removed.
   */
  detach(at: number): void {
    if (this.#deregisteredAt !== undefined) return;
    this.#advance(at);
    this.#deregisteredAt = at;
    this.#set(at, NOT_IN_USE);
  }

  /** The target leaves at `at` with its group (DeleteTargetGroup), whatever its state. */
  remove(at: number): void {
    this.#advance(at);
    if (this.#goneAt !== undefined && this.#goneAt <= at) return;
    this.#deregisteredAt ??= at;
    this.#goneAt = at;
    this.#evaluatedTo = Math.max(this.#evaluatedTo, at);
    this.#onChange({ at, from: this.#health.state, to: "gone" });
  }

  #advance(now: number): void {
    if (now <= this.#evaluatedTo) return;
    if (this.#deregisteredAt !== undefined) {
      // A draining target is no longer health-checked in a way that changes its state.
      if (this.#goneAt !== undefined && now >= this.#goneAt && this.#evaluatedTo < this.#goneAt) {
        this.#onChange({ at: this.#goneAt, from: this.#health.state, to: "gone" });
      }
      this.#evaluatedTo = now;
      return;
    }
    if (this.#pendingInitialChecking !== undefined && now >= this.#pendingInitialChecking) {
      this.#set(this.#pendingInitialChecking, INITIAL_HEALTH_CHECKING);
      this.#pendingInitialChecking = undefined;
    }
    const intervalMs = this.#settings.intervalSeconds * 1000;
    while (this.#nextCheckAt <= now) {
      const settled = this.#passing ? this.#health.state === "healthy" : this.#health.state === "unhealthy";
      if (settled) {
        // Nothing can change until the backend does: skip every remaining check at once.
        const skipped = Math.floor((now - this.#nextCheckAt) / intervalMs) + 1;
        this.#nextCheckAt += skipped * intervalMs;
        // Those checks agreed with the state, so any streak toward the other state is broken.
        this.#streakPassing = this.#passing;
        this.#consecutive = 0;
        break;
      }
      // Count only the streak toward the opposite state; it resets when the outcome flips.
      this.#consecutive = this.#streakPassing === this.#passing ? this.#consecutive + 1 : 1;
      this.#streakPassing = this.#passing;
      const threshold = this.#passing ? this.#settings.healthyThreshold : this.#settings.unhealthyThreshold;
      if (this.#consecutive >= threshold) {
        this.#set(this.#nextCheckAt, this.#passing ? HEALTHY : FAILED_HEALTH_CHECKS);
        this.#consecutive = 0;
      }
      this.#nextCheckAt += intervalMs;
    }
    this.#evaluatedTo = now;
  }

  #set(at: number, health: TargetHealth): void {
    if (health.state === this.#health.state && health.reason === this.#health.reason) return;
    const from = this.#health.state;
    this.#health = health;
    this.#onChange({ at, from, to: health.state, ...(health.reason ? { reason: health.reason } : {}) });
  }
}
