import type * as z from "zod/mini";
import type { workshopAccountSchema } from "../contracts/account.ts";
import type { externalIdRotationSchema } from "../contracts/workshop.ts";
import type { WorkshopAccount } from "../model/workshop.ts";

/** One participant account as stored ({@link workshopAccountSchema}). */
export type WorkshopAccountView = z.output<typeof workshopAccountSchema>;
/** A rotated external id ({@link externalIdRotationSchema}). */
export type ExternalIdRotationView = z.output<typeof externalIdRotationSchema>;

export function workshopAccountView(account: WorkshopAccount): WorkshopAccountView {
  return {
    accountId: account.accountId,
    label: account.label ?? null,
    joinedAt: account.joinedAt === undefined ? null : new Date(account.joinedAt).toISOString(),
  };
}
