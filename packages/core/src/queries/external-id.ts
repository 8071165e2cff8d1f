import { randomBytes } from "node:crypto";

/**
 * A new workshop's `sts:ExternalId`: 128 random bits, so no other customer of the same collector
 * role can guess it (the confused-deputy defence), in the characters STS accepts.
 */
export function newExternalId(): string {
  return `tw-${randomBytes(16).toString("hex")}`;
}
