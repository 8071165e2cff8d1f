import type { Scenario } from "./schema.ts";

/** Something the schema cannot see on its own, at `path` in the scenario document. */
export interface Problem {
  path: (string | number)[];
  message: string;
}

/** Account ids the schema cannot check on its own: each declared once, a class's ids all 12 digits. */
export function checkAccounts(scenario: Scenario): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  scenario.accounts.forEach((account, i) => {
    if (seen.has(account.id))
      problems.push({ path: ["accounts", i, "id"], message: `account ${account.id} is listed twice` });
    seen.add(account.id);
  });
  scenario.clusters.forEach((cluster, i) => {
    const first = cluster.replicate?.firstAccountId;
    if (first === undefined) return;
    if (cluster.account !== undefined) {
      problems.push({
        path: ["clusters", i],
        message:
          "give either account (every copy in one account) or replicate.firstAccountId (one account per copy), not both",
      });
    }
    const count = cluster.replicate?.count ?? 1;
    if (Number(first) + count - 1 > 999_999_999_999) {
      problems.push({
        path: ["clusters", i, "replicate", "firstAccountId"],
        message: `${count} accounts from ${first} run past 999999999999`,
      });
    }
  });
  return problems;
}

/** A deployment's pods as the steps leave them: the numbers of the live ones, and how many were ever created. */
interface Pods {
  live: number[];
  created: number;
}

/**
 * Steps played in order (by time, then as listed, as the world plays them) against the clusters
 * they aim at: each must find its cluster, deployment or service, and a pod step the pod number
 * it names among the deployment's live pods at that time (pods are numbered in creation order;
 * scaling in removes the newest).
 */
export function checkSteps(scenario: Scenario): Problem[] {
  const problems: Problem[] = [];
  const clusters = new Map(scenario.clusters.map((c) => [c.name, c]));
  const services = new Map<string, Set<string>>();
  const pods = new Map<string, Map<string, Pods>>();
  scenario.clusters.forEach((cluster, i) => {
    const deployments = new Set(cluster.deployments.map((d) => `${d.namespace}/${d.name}`));
    services.set(cluster.name, new Set(cluster.services.map((s) => `${s.namespace}/${s.name}`)));
    pods.set(
      cluster.name,
      new Map(
        cluster.deployments.map((d) => [
          `${d.namespace}/${d.name}`,
          { live: Array.from({ length: d.replicas }, (_, n) => n), created: d.replicas },
        ]),
      ),
    );
    cluster.services.forEach((service, j) => {
      if (!deployments.has(service.deployment)) {
        problems.push({
          path: ["clusters", i, "services", j, "deployment"],
          message: `no deployment ${service.deployment} in cluster "${cluster.name}"`,
        });
      }
    });
  });
  const ordered = scenario.steps
    .map((step, i) => ({ step, i }))
    .sort((a, b) => a.step.at - b.step.at || a.i - b.i);
  for (const { step, i } of ordered) {
    const cluster = clusters.get(step.cluster);
    if (!cluster) {
      problems.push({
        path: ["steps", i, "cluster"],
        message: `no cluster named "${step.cluster}" (clusters: ${[...clusters.keys()].join(", ") || "none"})`,
      });
      continue;
    }
    const deployments = pods.get(step.cluster) as Map<string, Pods>;
    const known = services.get(step.cluster) as Set<string>;
    switch (step.action) {
      case "createService":
        if (!deployments.has(step.service.deployment)) {
          problems.push({
            path: ["steps", i, "service", "deployment"],
            message: `no deployment ${step.service.deployment} in cluster "${step.cluster}"`,
          });
        }
        known.add(`${step.service.namespace}/${step.service.name}`);
        break;
      case "deleteService":
      case "setTargetType":
        if (!known.has(step.service))
          problems.push({
            path: ["steps", i, "service"],
            message: `no service ${step.service} in cluster "${step.cluster}" at ${step.at}s`,
          });
        if (step.action === "deleteService") known.delete(step.service);
        break;
      default: {
        const deployment = deployments.get(step.deployment);
        if (!deployment) {
          problems.push({
            path: ["steps", i, "deployment"],
            message: `no deployment ${step.deployment} in cluster "${step.cluster}"`,
          });
        } else if (step.action === "scale") {
          while (deployment.live.length < step.replicas) deployment.live.push(deployment.created++);
          deployment.live.length = step.replicas;
        } else if (!deployment.live.includes(step.pod)) {
          problems.push({
            path: ["steps", i, "pod"],
            message: noPod(step.deployment, step.pod, step.at, deployment),
          });
        }
      }
    }
  }
  return problems;
}

function noPod(deployment: string, pod: number, at: number, pods: Pods): string {
  const live =
    pods.live.length === 0
      ? "it has no pods then"
      : `its pods then are number ${pods.live.join(", ")}, counted from 0 in creation order`;
  return `deployment ${deployment} has no pod number ${pod} at ${at}s (${live})`;
}
