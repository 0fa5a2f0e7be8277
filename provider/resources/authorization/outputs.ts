import type { V2Authorization } from "../../clients/v2";
import { rotationOutputs } from "../../lifecycle/rotation/diff";
import { compact } from "../../shared/unknown";
import { canonicalPermissions, normalizedDescription, normalizedStatus } from "./normalize";
import type { AuthorizationInputs, AuthorizationOutputs, GrantedPermission } from "./types";

/**
 * The API never returns the token again after POST (OSS 2.9+ answers "", Cloud "redacted",
 * behaviour A.3). Keep the one we have; take the server's only if we have none and it is real.
 */
export function keptToken(previous: unknown, fromServer: unknown): string | undefined {
  if (typeof previous === "string" && previous !== "") return previous;
  if (typeof fromServer === "string" && fromServer !== "" && fromServer.toLowerCase() !== "redacted")
    return fromServer;
  return undefined;
}

export function grantedPermissions(authorization: V2Authorization): GrantedPermission[] {
  return authorization.permissions.map((p) => ({
    action: p.action,
    resource: compact({
      type: p.resource.type,
      id: p.resource.id,
      orgId: p.resource.orgID,
      name: p.resource.name,
      org: p.resource.org,
    }),
  }));
}

/**
 * Outputs = normalized inputs + what the server says; no key is ever `undefined`. `adopted` says
 * whether `create` took the token over (provider/adopt); it is carried through reads and updates.
 */
export function toOutputs(
  inputs: AuthorizationInputs,
  authorization: V2Authorization,
  token: string | undefined,
  adopted = false,
): AuthorizationOutputs {
  return compact({
    orgId: authorization.orgID,
    org: authorization.org ?? inputs.org,
    userId: authorization.userID ?? inputs.userId,
    user: authorization.user ?? inputs.user,
    description: normalizedDescription(authorization.description),
    status: normalizedStatus(authorization.status),
    permissions: canonicalPermissions(inputs.permissions),
    grantedPermissions: grantedPermissions(authorization),
    token,
    createdAt: authorization.createdAt,
    updatedAt: authorization.updatedAt,
    connection: inputs.connection === undefined ? undefined : compact({ ...inputs.connection }),
    adopted,
    tokenKnown: token !== undefined,
    ...rotationOutputs(inputs, authorization.createdAt),
  });
}

/** The lifecycle inputs as stored in outputs: `read` rebuilds its outputs from them. */
export function lifecycleInputs(
  previous: Partial<AuthorizationOutputs>,
): Pick<AuthorizationInputs, "rotateAfter" | "rotationTrigger"> {
  return compact({ rotateAfter: previous.rotateAfter, rotationTrigger: previous.rotationTrigger });
}

/**
 * Outputs after an update: the lifecycle inputs as now declared (a new `rotateAfter` or trigger is
 * stored without a request), `adopted` kept, and an adopted token's value taken from `adoptedToken`
 * when the user gives it later.
 */
export function withLifecycle(
  outs: AuthorizationOutputs,
  inputs: AuthorizationInputs,
  previous: Partial<AuthorizationOutputs>,
): AuthorizationOutputs {
  const adopted = previous.adopted === true;
  const token = adopted && inputs.adoptedToken !== undefined ? inputs.adoptedToken : outs.token;
  const { rotateAfter: _a, rotationTrigger: _t, rotationDueAt: _d, ...rest } = outs;
  return compact({
    ...rest,
    token,
    adopted,
    tokenKnown: token !== undefined,
    ...rotationOutputs(inputs, outs.createdAt),
  });
}
