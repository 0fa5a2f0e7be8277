import type { Influxdb3Client } from "../../clients/influxdb3/client";

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
