/**
 * Imported first by provider/registry.ts (what the dynamic-provider host loads) and provider/index.ts. Most of a dynamic-provider process's start-up, which every
 * `preview`, `up` and `refresh` pays, is compiling this package and its dependencies (a
 * profile: 0.7-1.0 s, 0.2-0.6 s with the cache). Node >= 22.1 keeps the compiled code on disk
 * between runs (in the OS temp folder unless NODE_COMPILE_CACHE says otherwise).
 */
import * as nodeModule from "node:module";

nodeModule.enableCompileCache?.();
