import { startEmulatorServer } from "../../support/emulator";
import { defineV2ContractSuite } from "./v2-contract-suite";

// The shared v2 contract suite against the emulator, in the OSS 2.9+ default (hashed) and the
// OSS <= 2.8 (plain) visibility modes. Cloud's redacted mode is emulator-only: v2-redacted.test.ts.
defineV2ContractSuite(startEmulatorServer);
defineV2ContractSuite(startEmulatorServer, { tokenVisibility: "plain" });
