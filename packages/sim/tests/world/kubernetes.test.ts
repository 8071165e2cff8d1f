import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../src/random.ts";
import { clusterSchema, serviceSchema } from "../../src/scenario/schema.ts";
import { type ClusterWatcher, KubernetesModel, podReady, podServing } from "../../src/world/kubernetes.ts";
import { Timeline } from "../../src/world/timeline.ts";
import { WorldError } from "../../src/world/world-error.ts";

const START = Date.parse("2026-11-27T09:00:00.000Z");
const at = (seconds: number) => START + seconds * 1000;
const POD_START_MS = 5000;

/** A model whose watcher writes down every event as `<event> <subject>`. */
function model() {
  const timeline = new Timeline(START);
  const events: string[] = [];
  const lines: string[] = [];
  const watcher: ClusterWatcher = {
    serviceCreated: (s) => events.push(`serviceCreated ${s.key}`),
    serviceTargetTypeChanged: (s) => events.push(`serviceTargetTypeChanged ${s.key} ${s.spec.targetType}`),
    serviceDeleted: (s) => events.push(`serviceDeleted ${s.key}`),
    podAdded: (_c, d, p) => events.push(`podAdded ${d.key}#${p.index}`),
    podRemoved: (_c, d, p) => events.push(`podRemoved ${d.key}#${p.index}`),
    podsChanged: (_c, d, when) => events.push(`podsChanged ${d.key} @${(when - START) / 1000}`),
  };
  const kubernetes = new KubernetesModel({
    defaultRegion: "us-west-2",
    random: new SeededRandom(1),
    timing: { podStartMs: () => POD_START_MS },
    schedule: (when, run) => timeline.schedule(when, run),
    watcher,
    log: (_, line) => lines.push(line),
  });
  return { timeline, kubernetes, events, lines };
}

const cluster = (input: object) =>
  clusterSchema.parse({ name: "c1", deployments: [{ namespace: "ui", name: "ui", replicas: 2 }], ...input });

describe("KubernetesModel", () => {
  it("spreads default nodes over the region's zones a, b, c, one subnet per zone", () => {
    // Prepare
    const { kubernetes } = model();
    // Act
    const c1 = kubernetes.addCluster(cluster({ nodes: 4, region: "eu-west-1" }), "c1", START);
    // Assess
    expect(c1.region).toBe("eu-west-1");
    expect(c1.vpcId).toMatch(/^vpc-[0-9a-f]{17}$/);
    expect(c1.nodes.map((n) => n.az)).toEqual(["eu-west-1a", "eu-west-1b", "eu-west-1c", "eu-west-1a"]);
    expect(c1.nodes[3]?.subnetId).toBe(c1.nodes[0]?.subnetId);
    expect(new Set(c1.nodes.map((n) => n.subnetId)).size).toBe(3);
    for (const node of c1.nodes) {
      expect(node.instanceId).toMatch(/^i-[0-9a-f]{17}$/);
      expect(node.privateIp.split(".").slice(0, 2)).toEqual(node.subnetBase.split(".").slice(0, 2));
    }
  });

  it("puts nodes in the zones the spec names, in the default region otherwise", () => {
    const { kubernetes } = model();
    const c1 = kubernetes.addCluster(cluster({ nodes: [{ az: "us-west-2b" }] }), "c1", START);
    expect(c1.region).toBe("us-west-2");
    expect(c1.nodes.map((n) => n.az)).toEqual(["us-west-2b"]);
  });

  it("spreads pods over the nodes with addresses in their node's subnet, ready after the start time", () => {
    // Prepare
    const { kubernetes, timeline, events } = model();
    // Act
    const c1 = kubernetes.addCluster(cluster({}), "c1", START);
    const pods = c1.deployments.get("ui/ui")?.pods ?? [];
    const before = pods.map((p) => podReady(p, at(4.999)));
    timeline.advanceTo(at(10));
    // Assess
    expect(pods.map((p) => p.node.az)).toEqual(["us-west-2a", "us-west-2b"]);
    for (const pod of pods) {
      expect(pod.name).toMatch(/^ui-[0-9a-f]{10}-[a-z0-9]{5}$/);
      expect(c1.usedIps.has(pod.ip)).toBe(true);
    }
    expect(before).toEqual([false, false]);
    expect(pods.map((p) => podReady(p, at(5)))).toEqual([true, true]);
    expect(events).toEqual([
      "podAdded ui/ui#0",
      "podAdded ui/ui#1",
      "podsChanged ui/ui @0",
      "podsChanged ui/ui @5",
      "podsChanged ui/ui @5",
    ]);
  });

  it("removes the newest pods first when scaling in and frees their addresses", () => {
    const { kubernetes, events, lines } = model();
    const c1 = kubernetes.addCluster(cluster({}), "c1", START);
    const newest = c1.deployments.get("ui/ui")?.pods[1];
    events.length = 0;
    kubernetes.scale(c1, "ui/ui", 1, at(60));
    expect(c1.deployments.get("ui/ui")?.pods.map((p) => p.index)).toEqual([0]);
    expect(c1.usedIps.has(newest?.ip ?? "")).toBe(false);
    expect(events).toEqual(["podRemoved ui/ui#1", "podsChanged ui/ui @60"]);
    expect(lines).toEqual(["c1: deployment ui/ui scaled 2 → 1"]);
  });

  it("numbers new pods after every pod ever created", () => {
    const { kubernetes } = model();
    const c1 = kubernetes.addCluster(cluster({}), "c1", START);
    kubernetes.scale(c1, "ui/ui", 1, at(10));
    kubernetes.scale(c1, "ui/ui", 3, at(20));
    expect(c1.deployments.get("ui/ui")?.pods.map((p) => p.index)).toEqual([0, 2, 3]);
  });

  it("makes a pod fail and pass its readiness probe again", () => {
    const { kubernetes, events, lines } = model();
    const c1 = kubernetes.addCluster(cluster({}), "c1", START);
    const pod = c1.deployments.get("ui/ui")?.pods[1];
    events.length = 0;
    kubernetes.setPodFailing(c1, "ui/ui", 1, true, at(30));
    const ready = pod && podReady(pod, at(30));
    kubernetes.setPodFailing(c1, "ui/ui", 1, false, at(40));
    expect(ready).toBe(false);
    expect(pod && podReady(pod, at(40))).toBe(true);
    expect(events).toEqual(["podsChanged ui/ui @30", "podsChanged ui/ui @40"]);
    expect(lines).toEqual([
      `c1: pod ${pod?.name} fails its readiness probe (not ready)`,
      `c1: pod ${pod?.name} is ready again`,
    ]);
  });

  it("makes the NLB's health check of a ready pod fail for a cause, and pass again", () => {
    const { kubernetes, events, lines } = model();
    const c1 = kubernetes.addCluster(cluster({}), "c1", START);
    const pod = c1.deployments.get("ui/ui")?.pods[0];
    events.length = 0;
    kubernetes.setPodHealthCheck(c1, "ui/ui", 0, "not-listening", at(30));
    const during = pod && [podReady(pod, at(30)), podServing(pod, at(30))];
    kubernetes.setPodHealthCheck(c1, "ui/ui", 0, undefined, at(40));
    expect(during).toEqual([true, false]);
    expect(pod && podServing(pod, at(40))).toBe(true);
    expect(events).toEqual(["podsChanged ui/ui @30", "podsChanged ui/ui @40"]);
    expect(lines).toEqual([
      `c1: pod ${pod?.name} is ready but fails the NLB's health check (nothing listens on port 8080)`,
      `c1: pod ${pod?.name} passes the NLB's health check again`,
    ]);
  });

  it("creates, patches and deletes services, telling the watcher only of real changes", () => {
    const { kubernetes, events } = model();
    const c1 = kubernetes.addCluster(cluster({}), "c1", START);
    events.length = 0;
    const spec = serviceSchema.parse({ namespace: "ui", name: "ui-nlb", deployment: "ui/ui" });
    const service = kubernetes.createService(c1, spec, START);
    kubernetes.setTargetType(c1, "ui/ui-nlb", "instance", START);
    kubernetes.setTargetType(c1, "ui/ui-nlb", "ip", START);
    kubernetes.deleteService(c1, "ui/ui-nlb", START);
    expect(service.spec.targetType).toBe("ip");
    expect(c1.services.size).toBe(0);
    expect(events).toEqual([
      "serviceCreated ui/ui-nlb",
      "serviceTargetTypeChanged ui/ui-nlb ip",
      "serviceDeleted ui/ui-nlb",
    ]);
  });

  it("refuses what does not exist or already does, naming what there is", () => {
    const { kubernetes } = model();
    const c1 = kubernetes.addCluster(cluster({}), "c1", START);
    const spec = serviceSchema.parse({ namespace: "ui", name: "ui-nlb", deployment: "ui/ui" });
    kubernetes.createService(c1, spec, START);
    expect(() => kubernetes.addCluster(cluster({}), "c1", START)).toThrow(
      new WorldError('cluster "c1" already exists'),
    );
    expect(() => kubernetes.cluster("c2")).toThrow(new WorldError('no cluster named "c2" (clusters: c1)'));
    expect(() => kubernetes.createService(c1, spec, START)).toThrow(
      new WorldError('service ui/ui-nlb already exists in cluster "c1"'),
    );
    expect(() => kubernetes.createService(c1, { ...spec, name: "x", deployment: "no/pe" }, START)).toThrow(
      new WorldError('no deployment no/pe in cluster "c1" (deployments: ui/ui)'),
    );
    expect(() => kubernetes.deleteService(c1, "ui/x", START)).toThrow(
      new WorldError('no service ui/x in cluster "c1" (services: ui/ui-nlb)'),
    );
    expect(() => kubernetes.setPodFailing(c1, "ui/ui", 5, true, START)).toThrow(
      new WorldError('deployment ui/ui in cluster "c1" has no pod number 5 (its live pods are number 0, 1)'),
    );
  });
});
