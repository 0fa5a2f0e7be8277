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
    // Pulumi's inline-program runtime can lose a race after a failed operation: the engine closes
    // its gRPC monitor while the program is still registering its root stack resource, and the
    // SDK rejects a promise nobody awaits. The operation already reported its result by then;
    // every other unhandled error still fails the run.
    onUnhandledError(error) {
      const text = `${error.message}\n${error.stack ?? ""}`;
      if (text.includes("14 UNAVAILABLE") && text.includes("setRootResource")) return false;
    },
  },
});
