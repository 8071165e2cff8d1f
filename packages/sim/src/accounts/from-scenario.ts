import { clusterCopies } from "../scenario/build-world.ts";
import type { Scenario } from "../scenario/schema.ts";
import { AccountDirectory } from "./account-directory.ts";

/**
 * The scenario's accounts: the monitor (`accountId`), every account a cluster lives in (labelled,
 * unless the scenario says otherwise, with the name of its first cluster: `participant-07`), and
 * every account listed in `accounts`, with its role setting.
 */
export function accountDirectoryFor(scenario: Scenario): AccountDirectory {
  const declared = new Map(scenario.accounts.map((account) => [account.id, account]));
  const firstCluster = new Map<string, string>();
  for (const copy of clusterCopies(scenario)) {
    if (!firstCluster.has(copy.accountId)) firstCluster.set(copy.accountId, copy.name);
  }
  const ids = new Set([...firstCluster.keys(), ...declared.keys()]);
  ids.delete(scenario.accountId);
  const monitorLabel = declared.get(scenario.accountId)?.label;
  return new AccountDirectory({
    monitor: { accountId: scenario.accountId, ...(monitorLabel ? { label: monitorLabel } : {}) },
    accounts: [...ids].map((accountId) => {
      const account = declared.get(accountId);
      const label = account?.label ?? firstCluster.get(accountId);
      return {
        accountId,
        ...(label ? { label } : {}),
        ...(account ? { roleSetting: account.role } : {}),
      };
    }),
  });
}
