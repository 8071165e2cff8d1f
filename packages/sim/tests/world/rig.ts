import { SeededRandom } from "../../src/random.ts";
import { clusterSchema, serviceSchema } from "../../src/scenario/schema.ts";
import { LoadBalancerController } from "../../src/world/controller.ts";
import { ElbAccount } from "../../src/world/elb-account.ts";
import type { ElbApi } from "../../src/world/elb-api.ts";
import type { TargetType } from "../../src/world/elb-view.ts";
import { KubernetesModel } from "../../src/world/kubernetes.ts";
import { Timeline } from "../../src/world/timeline.ts";
import { TruthLog } from "../../src/world/truth-log.ts";

export const START = Date.parse("2026-11-27T09:00:00.000Z");
export const at = (seconds: number) => START + seconds * 1000;
export const REGION = "us-west-2";
const healthCheck = { intervalSeconds: 10, timeoutSeconds: 10, healthyThreshold: 3, unhealthyThreshold: 3 };

/**
 * The controller between a Kubernetes model and an ELB account, with pinned timings: targets are
 * healthy 90 s after registration, pods ready 5 s after creation, replaced groups deleted 3 s
 * after a switch.
 */
export function rig(targetType: TargetType, replicas = 1, wrapElb: (api: ElbApi) => ElbApi = (api) => api) {
  const timeline = new Timeline(START);
  const random = new SeededRandom(3);
  const schedule = (when: number, run: () => void) => timeline.schedule(when, run);
  const timing = {
    provisioningMs: () => 120_000,
    podStartMs: () => 5000,
    target: () => ({ registrationDelaySeconds: 60, deregistrationDelaySeconds: 300 }),
    reconcileMs: () => 3000,
  };
  const elb = new ElbAccount({
    accountId: "123456789012",
    random,
    order: new SeededRandom(4),
    timing,
    now: () => timeline.now,
  });
  const truth = new TruthLog();
  const lines: string[] = [];
  const log = (_: number, line: string) => lines.push(line);
  const controller = new LoadBalancerController({
    elb: (region) => wrapElb(elb.region(region)),
    random,
    timing,
    healthCheck,
    calls: { targetHealthPollSeconds: 15, describeCallsPerReconcile: 8 },
    schedule,
    log,
    recordTruth: (subject) => truth.recorder({ accountId: "123456789012", ...subject }),
  });
  const kubernetes = new KubernetesModel({
    defaultRegion: REGION,
    random,
    timing,
    schedule,
    watcher: controller,
    log,
  });
  const cluster = kubernetes.addCluster(
    clusterSchema.parse({ name: "c1", deployments: [{ namespace: "ui", name: "ui", replicas }] }),
    "c1",
    START,
  );
  const spec = serviceSchema.parse({ namespace: "ui", name: "ui-nlb", deployment: "ui/ui", targetType });
  const service = kubernetes.createService(cluster, spec, START);
  /** The service's target groups, current first, with their targets' states at `seconds`. */
  const groups = (seconds: number) => {
    timeline.advanceTo(at(seconds));
    return (controller.resourcesOf(service)?.targetGroupArns ?? []).map((arn) => {
      const tg = elb.targetGroups(REGION).find((g) => g.TargetGroupArn === arn);
      const targets = elb.region(REGION).targetHealth(arn) ?? [];
      return { type: tg?.TargetType, port: tg?.Port, states: targets.map((t) => t.TargetHealth.State) };
    });
  };
  /** Moves the world to `seconds`, where the next change happens (as `World.apply` does). */
  const advance = (seconds: number) => timeline.advanceTo(at(seconds));
  return { advance, elb, truth, lines, kubernetes, cluster, service, controller, groups };
}
