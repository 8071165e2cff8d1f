import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/tests/**/*.test.ts", "infra/tests/**/*.test.ts"],
    // One DynamoDB Local JVM per run: starting one per file would dominate the suite on 2 cores.
    globalSetup: ["packages/testing/src/dynamodb-global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
