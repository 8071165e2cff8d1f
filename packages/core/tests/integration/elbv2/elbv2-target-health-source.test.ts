import type { Simulator } from "@targetwatch/sim";
import {
  SIM_REGION as REGION,
  WORKSHOP_START as START,
  startScenarioFile,
  startScenarioText,
  SIM_CREDENTIALS as TEST_CREDENTIALS,
} from "@targetwatch/testing/sim";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Elbv2CallError } from "../../../src/adapters/elbv2/elbv2-call-error.ts";
import { createElbv2Client } from "../../../src/adapters/elbv2/elbv2-client.ts";
import { Elbv2TargetHealthSource } from "../../../src/adapters/elbv2/elbv2-target-health-source.ts";
import { CLUSTER_TAG } from "../../../src/model/constants.ts";
import { classScenario } from "./fixtures.ts";
import { type RecordingProxy, startRecordingProxy } from "./recording-proxy.ts";
import { callFloor, clientAt } from "./rig.ts";

const everyNlb = () => true;

describe("Elbv2TargetHealthSource", () => {
  let sim: Simulator | undefined;
  let proxy: RecordingProxy | undefined;

  afterEach(async () => {
    vi.unstubAllEnvs();
    await proxy?.close();
    await sim?.stop();
    proxy = undefined;
    sim = undefined;
  });

  function sourceFor(
    running: Simulator,
    endpoint = running.endpoint,
    options: { maxAttempts?: number; rate?: number } = {},
  ) {
    return new Elbv2TargetHealthSource({
      clientFor: clientAt(endpoint, options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
      maxRequestsPerSecond: options.rate ?? 1000,
      maxConcurrency: 16,
      now: () => running.clock.now(),
    });
  }

  describe("snapshots", () => {
    it("reads the ip-mode walkthrough at t=0: one NLB in instance mode with the three nodes registering", async () => {
      // Prepare
      sim = await startScenarioFile("ip-mode.yaml");
      const truth = sim.world.summary().clusters[0];
      const source = sourceFor(sim);

      // Act
      const snapshot = await source.discover(REGION, everyNlb);

      // Assess
      expect(snapshot.region).toBe(REGION);
      // The manual clock stands still: every read is sent and answered at START.
      expect(snapshot.read).toEqual({ sentAt: START, receivedAt: START });
      expect(snapshot.failures.size).toBe(0);
      expect(snapshot.loadBalancers).toHaveLength(1);
      const [nlb] = snapshot.loadBalancers;
      const service = truth?.services[0];
      expect(nlb).toMatchObject({
        region: REGION,
        arn: service?.loadBalancer.arn,
        name: service?.loadBalancer.name,
        dnsName: service?.loadBalancer.dnsName,
        scheme: "internet-facing",
        lbState: "provisioning",
        cluster: "eks-workshop",
        service: "ui/ui-nlb",
        tags: { [CLUSTER_TAG]: "eks-workshop", "service.k8s.aws/stack": "ui/ui-nlb" },
      });
      expect(nlb?.targetGroups).toHaveLength(1);
      const [tg] = nlb?.targetGroups ?? [];
      expect(tg).toMatchObject({
        arn: service?.targetGroups[0]?.arn,
        targetType: "instance",
        protocol: "TCP",
        healthCheck: {
          protocol: "TCP",
          port: "traffic-port",
          intervalSeconds: 10,
          timeoutSeconds: 10,
          healthyThreshold: 3,
          unhealthyThreshold: 3,
        },
      });
      expect(tg?.healthCheck).not.toHaveProperty("path");
      // AWS answers instance targets without a zone, in no particular order.
      expect(tg?.targets.map((t) => [t.id, t.port, t.availabilityZone, t.state, t.reason]).sort()).toEqual(
        truth?.nodes
          .map((n) => [n.instanceId, tg?.port, undefined, "initial", "Elb.RegistrationInProgress"])
          .sort(),
      );
      expect(source.stats()).toEqual({ apiCalls: 4, throttled: 0, failed: 0 });
    });

    it("sees only the new ip group once the listener has moved, even while the old group still exists", async () => {
      // Prepare: the switch at 3m; the controller deletes the replaced group 3 s later
      sim = await startScenarioFile("ip-mode.yaml");
      sim.advance(180 + 1);
      const pod = sim.world.summary().clusters[0]?.deployments[0]?.pods[0];
      const groupsInRegion = sim.world.targetGroups(REGION).map((tg) => tg.TargetType);
      const source = sourceFor(sim);

      // Act
      const snapshot = await source.discover(REGION, everyNlb);

      // Assess
      expect(groupsInRegion).toEqual(["instance", "ip"]);
      const nlb = snapshot.loadBalancers[0];
      expect(nlb?.lbState).toBe("active");
      expect(nlb?.targetGroups.map((tg) => tg.targetType)).toEqual(["ip"]);
      const ip = nlb?.targetGroups[0];
      expect(ip?.port).toBe(8080);
      expect(ip?.targets).toEqual([
        {
          id: pod?.ip,
          port: 8080,
          availabilityZone: pod?.availabilityZone,
          state: "initial",
          reason: "Elb.RegistrationInProgress",
          description: "Target registration is in progress",
        },
      ]);
      expect(source.stats().apiCalls).toBe(4);
    });
  });

  describe("call count", () => {
    it("reads nothing of NLBs that select() drops: no DescribeTargetHealth for them", async () => {
      // Prepare
      sim = await startScenarioText(classScenario(12));
      proxy = await startRecordingProxy(sim.endpoint);
      const source = sourceFor(sim, proxy.endpoint);
      const wanted = new Set(["c-02", "c-05", "c-11"]);

      // Act
      const snapshot = await source.discover(REGION, ({ tags }) => wanted.has(tags[CLUSTER_TAG] ?? ""));

      // Assess
      expect(snapshot.loadBalancers.map((nlb) => nlb.cluster).sort()).toEqual([...wanted].sort());
      const healthReads = proxy.requests.filter((r) => r.action === "DescribeTargetHealth");
      const readGroups = new Set(healthReads.map((r) => r.params.get("TargetGroupArn")));
      const wantedGroups = new Set(
        snapshot.loadBalancers.flatMap((nlb) => nlb.targetGroups.map((tg) => tg.arn)),
      );
      expect(readGroups).toEqual(wantedGroups);
      expect(proxy.requests.map((r) => r.action)).toEqual([
        "DescribeLoadBalancers",
        "DescribeTags",
        "DescribeTargetGroups",
        "DescribeTargetHealth",
        "DescribeTargetHealth",
        "DescribeTargetHealth",
      ]);
    });

    it("makes no DescribeTargetGroups call when select() keeps nothing", async () => {
      // Prepare
      sim = await startScenarioText(classScenario(3));
      const source = sourceFor(sim);

      // Act
      const snapshot = await source.discover(REGION, () => false);

      // Assess
      expect(snapshot.loadBalancers).toEqual([]);
      expect(source.stats().apiCalls).toBe(2); // DescribeLoadBalancers + DescribeTags
    });

    it("hits the floor exactly for the 30-participant class mid-walkthrough", async () => {
      // Prepare: at 10 min participant 30 has just started, most have switched to ip mode. Not
      // throttled: this counts calls, at a pace far above the bucket's
      sim = await startScenarioFile("class-one-account.yaml", { faults: {} });
      sim.advance(600);
      const nlbArns = new Set(sim.world.loadBalancers(REGION).map((lb) => lb.LoadBalancerArn));
      const source = sourceFor(sim);

      // Act
      const snapshot = await source.discover(REGION, everyNlb);

      // Assess
      expect(snapshot.loadBalancers).toHaveLength(30);
      const groups = snapshot.loadBalancers.reduce((n, nlb) => n + nlb.targetGroups.length, 0);
      expect(groups).toBe(30); // the listener moves in place: never two groups on one NLB
      const floor = callFloor(sim, nlbArns);
      expect(floor).toBe(1 + 2 + 1 + groups);
      expect(source.stats()).toEqual({ apiCalls: floor, throttled: 0, failed: 0 });
      expect(sim.faults.counters.requests).toBe(floor);
    });

    it("pages through more than 400 load balancers and target groups and still hits the floor", async () => {
      // Prepare: 450 NLBs → 2 pages of each list, 23 DescribeTags; every tenth NLB selected
      sim = await startScenarioText(classScenario(450, { targetType: "ip", nodes: 1 }));
      proxy = await startRecordingProxy(sim.endpoint);
      const source = sourceFor(sim, proxy.endpoint);
      const select = ({ tags }: { tags: Record<string, string> }) => (tags[CLUSTER_TAG] ?? "").endsWith("0");

      // Act
      const snapshot = await source.discover(REGION, select);

      // Assess
      expect(snapshot.loadBalancers).toHaveLength(45);
      const selected = new Set(snapshot.loadBalancers.map((nlb) => nlb.arn));
      const floor = callFloor(sim, selected);
      expect(floor).toBe(2 + 23 + 2 + 45);
      expect(source.stats().apiCalls).toBe(floor);
      const count = (action: string) => proxy?.requests.filter((r) => r.action === action).length;
      expect([
        count("DescribeLoadBalancers"),
        count("DescribeTags"),
        count("DescribeTargetGroups"),
        count("DescribeTargetHealth"),
      ]).toEqual([2, 23, 2, 45]);
      const batchSizes = proxy.requests
        .filter((r) => r.action === "DescribeTags")
        .map((r) => [...r.params.keys()].filter((key) => key.startsWith("ResourceArns.member.")).length);
      expect(batchSizes.sort((a, b) => b - a)).toEqual([...Array(22).fill(20), 10]); // batches run concurrently
      expect(
        proxy.requests
          .filter((r) => r.action === "DescribeLoadBalancers")
          .map((r) => r.params.get("PageSize")),
      ).toEqual(["400", "400"]);
    });
  });

  describe("rate limit", () => {
    it("paces calls as a token bucket: the burst at once, then maxRequestsPerSecond, as the server sees them", async () => {
      // Prepare: 20 NLBs → 23 calls; a burst of 5 then 10/s must spread them over about 1.8 s
      sim = await startScenarioText(classScenario(20, { nodes: 1 }));
      proxy = await startRecordingProxy(sim.endpoint);
      const source = new Elbv2TargetHealthSource({
        clientFor: clientAt(proxy.endpoint),
        maxRequestsPerSecond: 10,
        burst: 5,
        now: () => sim?.clock.now() ?? 0,
      });

      // Act
      const snapshot = await source.discover(REGION, everyNlb);

      // Assess
      expect(snapshot.loadBalancers).toHaveLength(20);
      const arrivals = proxy.requests.map((r) => r.at).sort((a, b) => a - b);
      expect(arrivals).toHaveLength(23);
      // Between any two arrivals, no more calls than the burst plus what the rate refilled (one
      // call of slack for timer jitter). Lower bounds on time: a slow machine cannot break them.
      for (let i = 0; i < arrivals.length; i++) {
        for (let j = i + 1; j < arrivals.length; j++) {
          const elapsed = ((arrivals[j] ?? 0) - (arrivals[i] ?? 0)) / 1000;
          expect(j - i + 1).toBeLessThanOrEqual(5 + 10 * elapsed + 1);
        }
      }
      // Call 23 needs 18 refilled tokens: 1.8 s after the first (less jitter).
      expect((arrivals[22] ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(1600);
      expect(source.stats()).toEqual({ apiCalls: 23, throttled: 0, failed: 0 });
    });
  });

  describe("faults", () => {
    it("rides out throttling with retries: the snapshot is complete and throttled attempts are counted", async () => {
      // Prepare: 3 NLBs → 6 calls against a bucket of 5 refilled at 1/s: one is throttled. Kept to
      // one on purpose: after a throttle, a fresh adaptive client sends at 0.5/s for a while
      // (its measured rate starts at 0), so each further throttled call costs about 2 s.
      sim = await startScenarioText(classScenario(3, { nodes: 1 }));
      sim.faults.configure({ throttle: { ratePerSecond: 1, burst: 5 } });
      const source = sourceFor(sim, sim.endpoint, { rate: 50 });

      // Act
      const snapshot = await source.discover(REGION, everyNlb);

      // Assess
      expect(snapshot.failures.size).toBe(0);
      expect(snapshot.loadBalancers).toHaveLength(3);
      expect(snapshot.loadBalancers.every((nlb) => nlb.targetGroups[0]?.targets.length === 1)).toBe(true);
      const stats = source.stats();
      expect(stats.throttled).toBeGreaterThan(0);
      expect(stats.throttled).toBe(sim.faults.counters.throttled);
      expect(stats.apiCalls).toBe(6 + stats.throttled);
      expect(stats.apiCalls).toBe(sim.faults.counters.requests);
      expect(stats.failed).toBe(0);
    });

    it("puts NLBs whose target health keeps failing into failures, with a clear message, and still discovers", async () => {
      // Prepare
      sim = await startScenarioText(classScenario(3, { nodes: 1 }));
      sim.faults.configure({ actions: { DescribeTargetHealth: { errorRate: 1 } } });
      const groups = sim.world.targetGroups(REGION);
      const source = sourceFor(sim, sim.endpoint, { maxAttempts: 2 });

      // Act
      const snapshot = await source.discover(REGION, everyNlb);

      // Assess
      expect(snapshot.loadBalancers).toEqual([]);
      expect([...snapshot.failures.keys()].sort()).toEqual(
        sim.world
          .loadBalancers(REGION)
          .map((lb) => lb.LoadBalancerArn)
          .sort(),
      );
      for (const tg of groups) {
        const message = snapshot.failures.get(tg.LoadBalancerArns[0] ?? "");
        expect(message).toBe(
          `DescribeTargetHealth failed in ${REGION} for target group ${tg.TargetGroupName} (${tg.TargetGroupArn}): ` +
            "HealthUnavailableException: The health of the specified targets could not be retrieved due to an internal error. (after 2 attempts)",
        );
      }
      expect(source.stats()).toEqual({ apiCalls: 3 + 3 * 2, throttled: 0, failed: 3 });
    });

    it("rejects with the failing discovery call and region when DescribeTargetGroups keeps failing", async () => {
      // Prepare
      sim = await startScenarioFile("ip-mode.yaml");
      sim.faults.configure({ actions: { DescribeTargetGroups: { errorRate: 1 } } });
      const source = sourceFor(sim, sim.endpoint, { maxAttempts: 2 });

      // Act
      const discovery = source.discover(REGION, everyNlb);

      // Assess
      await expect(discovery).rejects.toMatchObject({
        name: "Elbv2CallError",
        operation: "DescribeTargetGroups",
        message: `DescribeTargetGroups failed in ${REGION}: InternalFailure: The request processing has failed because of an unknown error, exception or failure. (after 2 attempts)`,
      });
      await expect(discovery).rejects.toBeInstanceOf(Elbv2CallError);
      expect(source.stats()).toEqual({ apiCalls: 2 + 2, throttled: 0, failed: 1 });
    });
  });

  describe("things vanishing mid-sweep", () => {
    it("maps a target group deleted mid-sweep to a failure of its NLB only", async () => {
      // Prepare: the first DescribeTargetHealth to arrive deletes c-02's Service (its NLB and group)
      sim = await startScenarioText(classScenario(3, { nodes: 1 }));
      const running = sim;
      const doomed = running.world.summary().clusters[1]?.services[0];
      proxy = await startRecordingProxy(running.endpoint, (request) => {
        if (
          request.action === "DescribeTargetHealth" &&
          running.world.summary().clusters[1]?.services.length
        ) {
          running.apply({ action: "deleteService", cluster: "c-02", service: "ui/ui-nlb" });
        }
      });
      const source = sourceFor(running, proxy.endpoint);

      // Act
      const snapshot = await source.discover(REGION, everyNlb);

      // Assess
      expect(snapshot.loadBalancers.map((nlb) => nlb.cluster)).toEqual(["c-01", "c-03"]);
      expect([...snapshot.failures]).toEqual([
        [
          doomed?.loadBalancer.arn,
          `DescribeTargetHealth failed in ${REGION} for target group ${doomed?.targetGroups[0]?.name} (${doomed?.targetGroups[0]?.arn}): ` +
            "TargetGroupNotFoundException: One or more target groups not found",
        ],
      ]);
      // The NLB's groups are listed again on their own (a deleted group may be a replaced one):
      // its NLB is gone too, so the listing fails and the first error stands.
      expect(source.stats()).toEqual({ apiCalls: 7, throttled: 0, failed: 2 });
    });

    it.each([
      ["deleted", 10],
      ["detached, not yet deleted", 0],
    ])(
      "lists an NLB's groups again when one was replaced and %s after the listing, and reads the switch now",
      async (_, after) => {
        // Prepare: the first DescribeTargetHealth switches the Service to ip; the controller
        // re-points the listener and deletes the instance group within its reconcile
        sim = await startScenarioFile("ip-mode.yaml");
        const running = sim;
        running.advance(170);
        let switched = false;
        proxy = await startRecordingProxy(running.endpoint, (request) => {
          if (request.action === "DescribeTargetHealth" && !switched) {
            switched = true;
            running.apply({
              action: "setTargetType",
              cluster: "eks-workshop",
              service: "ui/ui-nlb",
              targetType: "ip",
            });
            running.advance(after);
          }
        });
        const source = sourceFor(running, proxy.endpoint);

        // Act
        const snapshot = await source.discover(REGION, everyNlb);

        // Assess: no failure; the NLB reads in ip mode, on its own read, later than the region's
        const [nlb] = snapshot.loadBalancers;
        expect(snapshot.failures.size).toBe(0);
        expect(nlb?.targetGroups.map((group) => group.targetType)).toEqual(["ip"]);
        expect(nlb?.read?.sentAt).toBeGreaterThanOrEqual(snapshot.read.receivedAt);
        expect(proxy.requests.map((request) => request.action)).toEqual([
          "DescribeLoadBalancers",
          "DescribeTags",
          "DescribeTargetGroups",
          "DescribeTargetHealth",
          "DescribeTargetGroups",
          "DescribeTargetHealth",
        ]);
      },
    );

    it("maps a replaced target group that is gone to a TargetGroupNotFound error when re-sampling", async () => {
      // Prepare: read in instance mode; the switch at 3m replaces the group, deleted 3 s later
      sim = await startScenarioFile("ip-mode.yaml");
      sim.advance(170);
      const source = sourceFor(sim);
      const before = await source.discover(REGION, everyNlb);
      const instance = before.loadBalancers[0]?.targetGroups[0]?.arn ?? "";
      sim.advance(30);
      source.resetStats();

      // Act
      const sample = await source.sampleTargetGroups(REGION, [instance]);

      // Assess
      expect([...sample.keys()]).toEqual([instance]);
      const gone = sample.get(instance);
      expect(gone).toBeInstanceOf(Elbv2CallError);
      expect(gone).toMatchObject({
        code: "TargetGroupNotFoundException",
        operation: "DescribeTargetHealth",
        message: `DescribeTargetHealth failed in ${REGION} for target group ${instance}: TargetGroupNotFoundException: One or more target groups not found`,
      });
      expect(source.stats()).toEqual({ apiCalls: 1, throttled: 0, failed: 1 });
    });

    it("drops an NLB deleted between DescribeLoadBalancers and DescribeTags instead of failing the region", async () => {
      // Prepare: the first DescribeTags deletes c-03's Service, so AWS refuses that batch
      sim = await startScenarioText(classScenario(4, { nodes: 1 }));
      const running = sim;
      let deleted = false;
      proxy = await startRecordingProxy(running.endpoint, (request) => {
        if (request.action === "DescribeTags" && !deleted) {
          deleted = true;
          running.apply({ action: "deleteService", cluster: "c-03", service: "ui/ui-nlb" });
        }
      });
      const source = sourceFor(running, proxy.endpoint);

      // Act
      const snapshot = await source.discover(REGION, everyNlb);

      // Assess
      expect(snapshot.loadBalancers.map((nlb) => nlb.cluster)).toEqual(["c-01", "c-02", "c-04"]);
      expect(snapshot.failures.size).toBe(0);
      // The batch of 4 (refused), its halves (one refused), that half's halves (one refused).
      expect(proxy.requests.filter((r) => r.action === "DescribeTags")).toHaveLength(1 + 2 + 2);
    });
  });

  describe("createElbv2Client", () => {
    it("finds the simulator through AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2, with adaptive retry", async () => {
      // Prepare
      sim = await startScenarioFile("ip-mode.yaml");
      vi.stubEnv("AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2", sim.endpoint);
      const client = createElbv2Client(REGION, { credentials: TEST_CREDENTIALS });
      const source = new Elbv2TargetHealthSource({ clientFor: () => client });

      // Act
      const snapshot = await source.discover(REGION, everyNlb);

      // Assess
      expect(snapshot.loadBalancers).toHaveLength(1);
      expect(((await client.config.retryStrategy()) as { mode?: string }).mode).toBe("adaptive");
      expect(await client.config.maxAttempts()).toBe(6);
    });

    it("falls back to AWS_ENDPOINT_URL", async () => {
      // Prepare
      sim = await startScenarioFile("ip-mode.yaml");
      vi.stubEnv("AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2", "");
      vi.stubEnv("AWS_ENDPOINT_URL", sim.endpoint);
      const client = createElbv2Client(REGION, { credentials: TEST_CREDENTIALS });
      const source = new Elbv2TargetHealthSource({ clientFor: () => client });

      // Act
      const snapshot = await source.discover(REGION, everyNlb);

      // Assess
      expect(snapshot.loadBalancers).toHaveLength(1);
    });
  });
});
