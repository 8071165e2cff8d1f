import { describe, expect, it } from "vitest";
import { CLUSTER_TAG, STACK_TAG } from "../../../src/model/constants.ts";
import { DEFAULT_WORKSHOP, type Workshop } from "../../../src/model/workshop.ts";
import { regionsToWatch, selectsNlb, workshopRegions } from "../../../src/rules/index.ts";

const workshop = (selector: Partial<Workshop["selector"]>): Workshop => ({
  ...DEFAULT_WORKSHOP,
  id: "reinvent-con301",
  name: "re:Invent CON301",
  selector: { tags: [], regions: [], ...selector },
});

const controllerNlb = {
  region: "us-west-2",
  name: "k8s-ui-uinlb-a9797f0f61",
  tags: { [CLUSTER_TAG]: "eks-workshop", [STACK_TAG]: "ui/ui-nlb" },
};

describe("selectsNlb", () => {
  it("selects every Load Balancer Controller NLB in the default regions for the default workshop", () => {
    expect(selectsNlb(DEFAULT_WORKSHOP, controllerNlb, ["us-west-2"])).toBe(true);
  });

  it("skips an NLB without the cluster tag for the default workshop", () => {
    // Prepare
    const handMade = { region: "us-west-2", name: "my-nlb", tags: { team: "platform" } };
    // Act
    const selected = selectsNlb(DEFAULT_WORKSHOP, handMade, ["us-west-2"]);
    // Assess
    expect(selected).toBe(false);
  });

  it("accepts a key-only tag filter whatever the value, even an empty one", () => {
    const empty = { ...controllerNlb, tags: { [CLUSTER_TAG]: "" } };
    expect(selectsNlb(DEFAULT_WORKSHOP, empty, ["us-west-2"])).toBe(true);
  });

  it("requires the exact value of a tag filter with a value", () => {
    const oneCluster = workshop({ tags: [{ key: CLUSTER_TAG, value: "eks-workshop" }] });
    expect(selectsNlb(oneCluster, controllerNlb, ["us-west-2"])).toBe(true);
    expect(
      selectsNlb(oneCluster, { ...controllerNlb, tags: { [CLUSTER_TAG]: "other" } }, ["us-west-2"]),
    ).toBe(false);
  });

  it("requires every tag filter to hold", () => {
    const both = workshop({ tags: [{ key: CLUSTER_TAG }, { key: STACK_TAG, value: "ui/ui-nlb" }] });
    expect(selectsNlb(both, controllerNlb, ["us-west-2"])).toBe(true);
    expect(selectsNlb(both, { ...controllerNlb, tags: { [CLUSTER_TAG]: "x" } }, ["us-west-2"])).toBe(false);
  });

  it("does not mistake inherited object properties for tags", () => {
    const filtered = workshop({ tags: [{ key: "toString" }] });
    expect(selectsNlb(filtered, controllerNlb, ["us-west-2"])).toBe(false);
  });

  it("applies the name prefix when one is set", () => {
    expect(selectsNlb(workshop({ namePrefix: "k8s-ui-" }), controllerNlb, ["us-west-2"])).toBe(true);
    expect(selectsNlb(workshop({ namePrefix: "k8s-carts-" }), controllerNlb, ["us-west-2"])).toBe(false);
  });

  it("uses the workshop's regions rather than the defaults when it lists some", () => {
    // Prepare
    const frankfurt = workshop({ regions: ["eu-central-1"] });
    // Act
    const inOregon = selectsNlb(frankfurt, controllerNlb, ["us-west-2"]);
    const inFrankfurt = selectsNlb(frankfurt, { ...controllerNlb, region: "eu-central-1" }, ["us-west-2"]);
    // Assess
    expect(inOregon).toBe(false);
    expect(inFrankfurt).toBe(true);
  });

  it("selects nothing when neither the workshop nor the collector names a region", () => {
    expect(selectsNlb(DEFAULT_WORKSHOP, controllerNlb, [])).toBe(false);
  });
});

describe("regionsToWatch", () => {
  it("is the sorted, deduplicated union of every workshop's regions", () => {
    // Prepare
    const workshops = [
      workshop({ regions: ["us-west-2", "eu-west-1"] }),
      workshop({ regions: [] }),
      workshop({ regions: ["eu-west-1"] }),
    ];
    // Act
    const regions = regionsToWatch(workshops, ["us-east-1", "us-west-2"]);
    // Assess
    expect(regions).toEqual(["eu-west-1", "us-east-1", "us-west-2"]);
  });

  it("is empty without workshops", () => {
    expect(regionsToWatch([], ["us-west-2"])).toEqual([]);
  });

  it("gives a copy of the workshop's regions", () => {
    const w = workshop({ regions: ["us-west-2"] });
    workshopRegions(w, []).push("eu-west-1");
    expect(w.selector.regions).toEqual(["us-west-2"]);
  });
});
