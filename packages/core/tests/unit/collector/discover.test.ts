import { describe, expect, it } from "vitest";
import { discover } from "../../../src/collector/phases/discover.ts";
import { nlb, REGION } from "../rules/fixtures.ts";
import { OTHER_REGION, participantNlb, sweepRig, workshop } from "./fixtures.ts";

const unmanaged = nlb([], { name: "hand-made-nlb", arn: "arn:hand-made", cluster: undefined, tags: {} });

describe("discover", () => {
  it("reads every region some workshop watches once, in a stable order", async () => {
    // Prepare: one workshop on the collector's regions, one naming its own
    const rig = sweepRig();
    await rig.store.putWorkshop(workshop("a"));
    await rig.store.putWorkshop(workshop("b", { selector: { tags: [], regions: [OTHER_REGION, REGION] } }));
    const context = await rig.start([REGION]);
    // Act
    const readings = await discover(context);
    // Assess
    expect(readings.map((r) => r.region)).toEqual([OTHER_REGION, REGION]);
    expect(rig.source.discoveries.map((d) => d.region).sort()).toEqual([OTHER_REGION, REGION]);
  });

  it("keeps only the NLBs at least one workshop selects", async () => {
    // Prepare: the default workshop selects Load Balancer Controller NLBs, "named" one name prefix
    const rig = sweepRig();
    await rig.store.putWorkshop(workshop("default"));
    await rig.store.putWorkshop(
      workshop("named", { selector: { tags: [], namePrefix: "hand-", regions: [] } }),
    );
    const context = await rig.start();
    const controllers = participantNlb("k8s-ui-uinlb-participant1");
    const stray = nlb([], { name: "other-nlb", arn: "arn:other", cluster: undefined, tags: {} });
    rig.source.regions.set(REGION, { loadBalancers: [controllers, unmanaged, stray] });
    // Act
    const [reading] = await discover(context);
    // Assess
    expect(rig.source.discoveries).toEqual([
      { region: REGION, selected: ["k8s-ui-uinlb-participant1", "hand-made-nlb"] },
    ]);
    expect(reading?.snapshot).toMatchObject({
      loadBalancers: [{ arn: controllers.arn }, { arn: "arn:hand-made" }],
    });
  });

  it("returns a region that fails as its error, and still reads the others", async () => {
    // Prepare
    const rig = sweepRig();
    const context = await rig.start([OTHER_REGION, REGION]);
    rig.source.regions.set(OTHER_REGION, new Error("Rate exceeded"));
    rig.source.regions.set(REGION, { loadBalancers: [participantNlb("k8s-ui-uinlb-participant1")] });
    // Act
    const readings = await discover(context);
    // Assess
    expect(readings[0]).toEqual({ region: OTHER_REGION, snapshot: new Error("Rate exceeded") });
    expect(readings[1]?.snapshot).toMatchObject({
      region: REGION,
      loadBalancers: [{ name: "k8s-ui-uinlb-participant1" }],
    });
  });

  it("turns anything thrown into an Error", async () => {
    // Prepare
    const rig = sweepRig();
    const context = await rig.start();
    rig.source.discover = () => Promise.reject("socket hang up");
    // Act
    const [reading] = await discover(context);
    // Assess
    expect(reading?.snapshot).toEqual(new Error("socket hang up"));
  });
});
