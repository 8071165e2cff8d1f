import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { WorkshopJoinCode } from "../model/workshop.ts";
import type { ApiStore } from "../ports/api-store.ts";

/**
 * A new join code: 128 random bits, in characters a shell, a URL and a YAML file take as they
 * are. Anyone holding it can add an AWS account they control to the workshop, nothing more.
 */
export function newJoinCode(): string {
  return `twj-${randomBytes(16).toString("hex")}`;
}

/**
 * Whether `given` is the workshop's code, in time independent of where they differ or of their
 * lengths (both are hashed first, as the bearer token is). No code: never.
 */
export function joinCodeMatches(stored: string | undefined, given: string): boolean {
  const expected = digest(stored ?? "");
  return timingSafeEqual(digest(given), expected) && stored !== undefined;
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

type ConfigWriter = Pick<ApiStore, "updateWorkshop">;

/** Gives the workshop a new join code; every earlier one stops working. */
export async function rotateJoinCode(
  store: ConfigWriter,
  workshopId: string,
  now: number,
): Promise<WorkshopJoinCode> {
  const joinCode = { code: newJoinCode(), createdAt: now };
  await store.updateWorkshop(workshopId, (current) => ({ ...current, joinCode }));
  return joinCode;
}

/** Turns joining off: the workshop keeps no code, and the accounts that joined stay. */
export async function revokeJoinCode(store: ConfigWriter, workshopId: string): Promise<void> {
  await store.updateWorkshop(workshopId, ({ joinCode: _revoked, ...rest }) => rest);
}
