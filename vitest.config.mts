import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    // Integration and e2e tests start real servers and the real Pulumi engine.
    testTimeout: 60_000,
    hookTimeout: 240_000,
    pool: "forks",
    // The JSON report lets .ci/run print a plain "N passed, N failed" line.
    reporters: ["default", "json"],
    outputFile: { json: ".cache/vitest-results.json" },
  },
});
