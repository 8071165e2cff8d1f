import {
  CLUSTER_TAG,
  DEFAULT_RETENTION_DAYS,
  DEFAULT_STUCK_THRESHOLD_SECONDS,
  type WorkshopAccount,
} from "@targetwatch/core/model";
import type { WorkshopQueries, WorkshopView } from "@targetwatch/core/queries";
import type { Scenario, Simulator } from "@targetwatch/sim";

/** The simulated participants' accounts (every account but the monitor's), with their labels. */
export function participantAccounts(sim: Simulator): WorkshopAccount[] {
  const { directory } = sim.accounts;
  return directory
    .list()
    .filter((account) => account.accountId !== directory.monitorId)
    .map(({ accountId, label }) => (label ? { accountId, label } : { accountId }));
}

/**
 * With a scenario where participants have their own accounts, what a workshop author does before
 * the event: a workshop naming every participant account (labels from the scenario), then the
 * participant template "deployed" into every account with the workshop's generated external id
 * (each account as its scenario setting says: present, missing or with a wrong external id).
 *
 * @returns the workshop, or undefined when the scenario has no participant accounts.
 */
export async function setUpClassWorkshop(
  sim: Simulator,
  scenario: Scenario,
  queries: WorkshopQueries,
): Promise<WorkshopView | undefined> {
  const accounts = participantAccounts(sim);
  if (accounts.length === 0) return undefined;
  const { workshop } = await queries.putWorkshop({
    id: scenario.name,
    name: scenario.description ?? scenario.name,
    selector: { tags: [{ key: CLUSTER_TAG }], regions: [] },
    stuckThresholdSeconds: DEFAULT_STUCK_THRESHOLD_SECONDS,
    retentionDays: DEFAULT_RETENTION_DAYS,
    accounts,
  });
  const response = await fetch(`${sim.endpoint}/_sim/accounts/role`, {
    method: "PUT",
    body: JSON.stringify({ externalId: workshop.externalId }),
  });
  if (!response.ok) throw new Error(`deploying the participant role failed: ${await response.text()}`);
  return workshop;
}
