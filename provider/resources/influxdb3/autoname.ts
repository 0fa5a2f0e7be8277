import { randomBytes } from "node:crypto";
import { isUnknown } from "../../shared/unknown";
import { replacingChanges } from "./compare";

type Props = Record<string, unknown>;

/**
 * Autonaming, as Pulumi resources do it: `<resource name>-<7 hex>`. Names are unique on the server
 * (behaviour D.4), so a replacement under a fresh name can be created before the old token is deleted and
 * consumers keep working. The name is kept in the checked inputs (`autoName`), reused while nothing
 * forces a replacement, and renewed when something does.
 */
export function withAutoName(olds: Props | undefined, news: Props): Props {
  const out: Props = { ...news };
  if (typeof news["name"] === "string" || isUnknown(news["name"])) {
    delete out["autoName"];
    return out;
  }
  const previous = olds?.["autoName"];
  if (typeof previous === "string" && olds !== undefined && replacingChanges(olds, news).length === 0) {
    out["autoName"] = previous;
    return out;
  }
  const prefix =
    typeof news["autonamePrefix"] === "string" && news["autonamePrefix"] !== ""
      ? news["autonamePrefix"]
      : "token";
  out["autoName"] = `${prefix}-${randomBytes(4).toString("hex").slice(0, 7)}`;
  return out;
}

/** The server-side name of a token: the explicit name, else the autoname. */
export function effectiveName(props: Props): string | undefined {
  if (typeof props["tokenName"] === "string") return props["tokenName"];
  if (typeof props["name"] === "string") return props["name"];
  return typeof props["autoName"] === "string" ? props["autoName"] : undefined;
}
