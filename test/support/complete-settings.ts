/**
 * A stack configuration that names every server and the default organization, for unit tests of
 * the validators and hooks: check refuses a resource that could reach no server (no URL, no org),
 * so tests about other inputs run with these settings in place.
 */
import { afterEach, beforeEach } from "vitest";
import { type ConfigSource, setStackConfig } from "../../provider/config";

export const COMPLETE_SETTINGS: Readonly<Record<string, string>> = {
  "influxdb:url": "http://127.0.0.1:8086",
  "influxdb:token": "stack-token",
  "influxdb:org": "my-org",
  "influxdb:managementUrl": "https://cluster.example.com",
  "influxdb:managementToken": "stack-management-token",
  "influxdb:influxdb3Url": "http://127.0.0.1:8181",
  "influxdb:influxdb3Token": "apiv3_stack-token",
};

/** COMPLETE_SETTINGS with `overrides` on top (a blank value counts as unset). */
export function completeSettings(overrides: Record<string, string> = {}): ConfigSource {
  const values: Record<string, string> = { ...COMPLETE_SETTINGS, ...overrides };
  return { get: (key) => values[key] };
}

/** Every test of the file runs with COMPLETE_SETTINGS as stack config (cleared after each). */
export function useCompleteSettings(): void {
  beforeEach(() => setStackConfig(completeSettings()));
  afterEach(() => setStackConfig(undefined));
}
