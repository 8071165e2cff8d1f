// The words the page uses for the board's codes.
import type { AccountStatus, Advice, AlarmState, Stage, TargetState } from "./board.ts";

export const STAGE_LABELS: Readonly<Record<Stage, string>> = {
  noNlb: "No NLB yet",
  instance: "Instance mode",
  switching: "Switched to IP, waiting",
  ipHealthy: "IP healthy",
  scaledOut: "Scaled out, registering",
  done: "Done",
};

export const ADVICE_LABELS: Readonly<Record<Advice, string>> = {
  proceed: "Proceed",
  wait: "Give 5 more minutes",
  troubleshoot: "Troubleshoot together",
};

export const STATE_LABELS: Readonly<Record<TargetState, string>> = {
  initial: "initial",
  healthy: "healthy",
  unhealthy: "unhealthy",
  "unhealthy.draining": "unhealthy, draining",
  unused: "unused",
  draining: "draining",
  unavailable: "unavailable",
};

export const ACCOUNT_STATUS_LABELS: Readonly<Record<AccountStatus, string>> = {
  ok: "readable",
  pending: "not swept yet",
  roleNotAssumable: "role cannot be assumed",
  error: "cannot be read",
};

export const ALARM_LABELS: Readonly<Record<AlarmState, string>> = {
  OK: "Alarm OK",
  ALARM: "ALARM",
  INSUFFICIENT_DATA: "Alarm: insufficient data",
  MISSING: "Alarm missing",
  UNKNOWN: "Alarm unknown",
};
