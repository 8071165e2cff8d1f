import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/tests/**/*.test.ts", "infra/tests/**/*.test.ts"],
    // One DynamoDB Local JVM per run: starting one per file would dominate the suite on 2 cores.
    globalSetup: ["packages/testing/src/dynamodb-global-setup.ts"],
    testTimeout: 30_000,
    // Every request the API tests send is validated by the compiled validators and by zod, and a
    // disagreement is a 500 (packages/functions/src/api/validation/request-validation.ts).
    env: { TARGETWATCH_VALIDATION_CROSS_CHECK: "1" },
    hookTimeout: 60_000,
  },
});
