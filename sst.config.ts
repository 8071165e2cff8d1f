/// <reference path="./.sst/platform/config.d.ts" />

// The SST app only wires infra/*: each concern lives in its own file there.
export default $config({
  async app(input) {
    // SST refuses top-level imports in this file: they would load before its platform does.
    const { protectsData } = await import("./infra/data-protection.ts");
    return {
      name: "targetwatch",
      // A protected stage (prod, production, or TARGETWATCH_PROTECT=true) keeps its data (the
      // table) when the stage is removed; other stages are disposable.
      removal: protectsData(input?.stage ?? "") ? "retain" : "remove",
      home: "aws",
    };
  },
  async run() {
    const { outputs } = await import("./infra/index.ts");
    return outputs;
  },
});
