import { createHash } from "node:crypto";
import type { Transition } from "../../model/transition.ts";
import { PARTITION_KEY, SORT_KEY } from "./table-definition.ts";

/**
 * Key builders of the single-table design (see docs/data-model.md). `#` separates key parts, so
 * no part may contain one: workshop ids are checked here; regions, NLB names and ARNs from ELBv2
 * never contain `#`.
 */

export const WORKSHOPS_PK = "WORKSHOPS";
export const NLB_SK_PREFIX = "NLB#";

/** Item kinds, stored in the `entity` attribute so a reader can tell items of one partition apart. */
export const ENTITY = {
  workshop: "workshop",
  heartbeat: "heartbeat",
  nlb: "nlb",
  transition: "transition",
} as const;

export function assertKeyPart(value: string, what: string): void {
  if (value.length === 0 || value.includes("#")) {
    throw new RangeError(`${what} must be non-empty and must not contain '#': ${JSON.stringify(value)}`);
  }
}

export function workshopConfigSk(workshopId: string): string {
  return `${workshopId}#CONFIG`;
}

export function heartbeatSk(workshopId: string): string {
  return `${workshopId}#SWEEP`;
}

/** The primary key of a workshop config or heartbeat item (`sk` from {@link workshopConfigSk} or {@link heartbeatSk}). */
export function workshopsKey(sk: string): Record<string, string> {
  return { [PARTITION_KEY]: WORKSHOPS_PK, [SORT_KEY]: sk };
}

export function workshopPk(workshopId: string): string {
  return `WS#${workshopId}`;
}

/**
 * The ARN's last segment (`…/net/<name>/<id>`) tells two NLBs of the same name apart: deleting
 * and re-applying a Kubernetes Service gives the new NLB the same controller-generated name and a
 * new ARN, and both can be in the store at once (the old one's delete, the new one's create).
 */
export function loadBalancerIdOf(arn: string): string {
  const id = arn.slice(arn.lastIndexOf("/") + 1);
  return id.length > 0 && !id.includes("#")
    ? id
    : createHash("sha256").update(arn).digest("hex").slice(0, 16);
}

export function nlbSkPrefix(region: string, name: string): string {
  return `${NLB_SK_PREFIX}${region}#${name}#`;
}

export function nlbSk(region: string, name: string, arn: string): string {
  return `${nlbSkPrefix(region, name)}${loadBalancerIdOf(arn)}`;
}

export function transitionsPk(workshopId: string): string {
  return `WS#${workshopId}#TR`;
}

/** GSI partition of one NLB's transitions: by name (the API names NLBs by name), all regions and incarnations. */
export function nlbTransitionsGsiPk(workshopId: string, loadBalancerName: string): string {
  return `WS#${workshopId}#NLB#${loadBalancerName}`;
}

/** ISO 8601 in UTC has a fixed width for years 0–9999, so it sorts as text the way it sorts as time. */
export function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/**
 * A transition's id, derived from what it says (never from when it was written), so a retried or
 * overlapping sweep that observed the same change between the same samples computes the same key
 * and its conditional put finds the transition already there.
 */
export function transitionId(workshopId: string, transition: Transition): string {
  const subject =
    transition.kind === "target"
      ? `${transition.targetGroupArn}|${transition.target.id}|${transition.target.port}`
      : transition.loadBalancerArn;
  const content = JSON.stringify([
    workshopId,
    transition.kind,
    transition.loadBalancerArn,
    subject,
    transition.from,
    transition.to,
    transition.observedBetween[0],
    transition.observedBetween[1],
  ]);
  return createHash("sha256").update(content).digest("hex").slice(0, 24);
}

export function transitionSk(transition: Transition, id: string): string {
  return `${isoTime(transition.at)}#${id}`;
}
