/// <reference path="./.sst/platform/config.d.ts" />

// The SST app only wires infra/*; the resources themselves arrive with their issues.
export default $config({
  app(input) {
    return {
      name: "targetwatch",
      removal: input?.stage === "production" ? "retain" : "remove",
      home: "aws",
    };
  },
  async run() {
    await import("./infra/index");
  },
});
