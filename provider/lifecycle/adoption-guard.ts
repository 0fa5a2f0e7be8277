import { isUnknown } from "../shared/unknown";

type Props = Record<string, unknown>;

/**
 * A change of `adoptedToken` on an adopted token only updates the stored value (no request).
 * `adoptId` itself is read only by `create`: later changes to it are ignored, so it can stay in
 * the program after the first `up` (or be removed) without a plan.
 */
export function adoptedTokenChanged(olds: Props, news: Props, tokenKey: "token" | "accessToken"): boolean {
  if (olds.adopted !== true || news.adoptedToken === undefined) return false;
  return isUnknown(news.adoptedToken) || news.adoptedToken !== olds[tokenKey];
}

/**
 * A replacement runs `create` with the new inputs. With `adoptId` still set it would take over the
 * same token again, and then delete it as "the old one": refuse in the plan, before anything
 * happens (diff may throw; the error shows in `pulumi preview` next to the resource).
 */
export function refuseReplacingAdopted(resource: string, replaces: readonly string[], news: Props): void {
  if (replaces.length === 0 || news.adoptId === undefined || news.adoptId === null) return;
  throw new Error(
    `${resource}: ${replaces.join(", ")} changed, which needs a new token, but adoptId is still set: ` +
      `the replacement would adopt the same token again and then delete it. Remove adoptId (and ` +
      `adoptedToken) from the resource's inputs, then run pulumi up again: a new token is created from ` +
      `the declared inputs and the adopted one is deleted after it.`,
  );
}
