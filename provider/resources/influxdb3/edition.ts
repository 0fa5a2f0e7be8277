import type { Influxdb3Client } from "../../clients/influxdb3/client";
import {
  type ConfiguredInfluxdb3Edition,
  configuredInfluxdb3Edition,
  type Influxdb3Edition,
} from "../../config/influxdb3";
import { log } from "../../shared/log";

/** What `/ping` can say: InfluxDB 3 Cloud answers as the Enterprise build it runs (behaviour D.15). */
export type Edition = "core" | "enterprise";

/**
 * Core or Enterprise, from `/ping`'s `X-Influxdb-Build` header (behaviour D.12). `/ping` needs a
 * token unless `--disable-authz ping`; undefined when the server does not say.
 */
export async function detectEdition(
  client: Influxdb3Client,
  credential: string,
): Promise<Edition | undefined> {
  try {
    const { build } = await client.ping(credential);
    const lower = build?.toLowerCase();
    return lower === "core" || lower === "enterprise" ? lower : undefined;
  } catch {
    return undefined;
  }
}

/** The build `/ping` reports for an edition: Cloud is a managed Enterprise (behaviour D.15). */
const buildOf = (edition: Influxdb3Edition): Edition => (edition === "core" ? "core" : "enterprise");

/**
 * The edition to act on: the `influxdb:influxdb3Edition` setting wins over what `/ping` said, which
 * stays a hint. When both are known and disagree, a warning says so (the setting may be stale, or
 * the URL points at another server) instead of failing: the setting is the user's word.
 */
export function effectiveEdition(
  what: string,
  url: string,
  detected: Edition | undefined,
  configured: ConfiguredInfluxdb3Edition | undefined = configuredInfluxdb3Edition(),
): Influxdb3Edition | undefined {
  if (configured === undefined) return detected;
  if (detected !== undefined && detected !== buildOf(configured.edition)) {
    log.warn(
      `${what}: ${configured.key} says ${configured.edition} (from ${configured.source}), but ${url} reports ` +
        `X-Influxdb-Build: ${detected === "core" ? "Core" : "Enterprise"} on /ping; acting as ` +
        `${configured.edition}. Correct the setting if it is wrong, or remove it to use the detected edition.`,
    );
  }
  return configured.edition;
}
