import { startInfluxd } from "../../support/influxd";
import { defineV2ContractSuite } from "./v2-contract-suite";

// Differential test: the very suite the emulator passes (v2-emulator.test.ts), run
// unchanged against a real InfluxDB OSS 2.9.1 built from source, in both token modes. Any
// failure here that passes there is an emulator bug, or belongs in emulator/DIFFERENCES.md.
defineV2ContractSuite(startInfluxd);
defineV2ContractSuite(startInfluxd, { tokenVisibility: "plain" });
