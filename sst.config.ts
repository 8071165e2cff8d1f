/// <reference path="./.sst/platform/config.d.ts" />

// The SST app only wires infra/*: each concern lives in its own file there.
export default $config({
  app(input) {
    return {
      name: "targetwatch",
      // Production keeps its data (the table) when the stage is removed; other stages are disposable.
      removal: input?.stage === "production" ? "retain" : "remove",
      home: "aws",
    };
  },
  async run() {
    const { outputs } = await import("./infra/index.ts");
    return outputs;
  },
});
