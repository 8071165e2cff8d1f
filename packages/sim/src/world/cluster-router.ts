import type { Cluster, ClusterWatcher } from "./kubernetes.ts";

/**
 * One watcher that hands every change to the watcher of the cluster's own account: each account
 * has its own Load Balancer Controller driving its own ELBv2, as each participant's cluster runs
 * its own controller in the participant's account.
 */
export function routeToAccountWatcher(watcherOf: (cluster: Cluster) => ClusterWatcher): ClusterWatcher {
  return {
    serviceCreated: (service, at) => watcherOf(service.cluster).serviceCreated(service, at),
    serviceTargetTypeChanged: (service, at) =>
      watcherOf(service.cluster).serviceTargetTypeChanged(service, at),
    serviceDeleted: (service, at) => watcherOf(service.cluster).serviceDeleted(service, at),
    podAdded: (cluster, deployment, pod, at) => watcherOf(cluster).podAdded(cluster, deployment, pod, at),
    podRemoved: (cluster, deployment, pod, at) => watcherOf(cluster).podRemoved(cluster, deployment, pod, at),
    podsChanged: (cluster, deployment, at) => watcherOf(cluster).podsChanged(cluster, deployment, at),
  };
}
