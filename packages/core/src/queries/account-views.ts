import type * as z from "zod/mini";
import type { accountListSchema } from "../contracts/account.ts";
import { participantRoleName, type Workshop } from "../model/workshop.ts";
import type { SweepHeartbeat } from "../ports/index.ts";
import { roleHint } from "../rules/accounts.ts";

/** A workshop's participant accounts with their statuses ({@link accountListSchema}). */
export type AccountListView = z.output<typeof accountListSchema>;

/**
 * Each account of the workshop, in its order, with the status the latest sweep left (pending
 * before any); the label comes from the workshop now, the hint is told from the status.
 */
export function accountListView(workshop: Workshop, heartbeat: SweepHeartbeat | undefined): AccountListView {
  const roleName = participantRoleName(workshop);
  return {
    roleName,
    externalId: workshop.externalId ?? null,
    accounts: (workshop.accounts ?? []).map(({ accountId, label }) => {
      const status = heartbeat?.accounts?.[accountId];
      const lastSweptAt = status?.lastSweptAt;
      return {
        accountId,
        label: label ?? null,
        status: status?.status ?? "pending",
        message: status?.message ?? null,
        hint: status?.status === "roleNotAssumable" ? roleHint(roleName, lastSweptAt) : null,
        lastSweptAt: lastSweptAt === undefined ? null : new Date(lastSweptAt).toISOString(),
        loadBalancers: status?.loadBalancers ?? 0,
      };
    }),
  };
}
