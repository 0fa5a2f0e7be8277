import { isUnknown } from "../shared/unknown";

type Props = Record<string, unknown>;

/** A URL as the server sees it: trimmed, without trailing slashes. */
export function normalizedUrl(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim().replace(/\/+$/, "") : undefined;
}

/**
 * What a change of a resource's own `connection` means. A different server (the `identityKeys`:
 * the URL, for Cloud Dedicated also account and cluster) holds a different token: replace. A
 * rotated credential is an update without request, so later reads and deletes use it.
 */
export function connectionChange(
  olds: unknown,
  news: unknown,
  identityKeys: readonly string[] = ["url"],
): "replace" | "update" | undefined {
  if (isUnknown(news)) return "replace";
  const oldConnection = (olds ?? {}) as Props;
  const newConnection = (news ?? {}) as Props;
  for (const key of identityKeys) {
    if (isUnknown(newConnection[key])) return "replace";
    const normalize = key === "url" ? normalizedUrl : (value: unknown) => value;
    if (normalize(oldConnection[key]) !== normalize(newConnection[key])) return "replace";
  }
  for (const key of Object.keys({ ...oldConnection, ...newConnection })) {
    if (!identityKeys.includes(key) && oldConnection[key] !== newConnection[key]) return "update";
  }
  return undefined;
}
