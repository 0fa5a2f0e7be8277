import { z } from "zod";
import { urlSettingFailures } from "../../config";
import { credentialIn, httpUrlField } from "../../config/url-field";
import { rotationFields } from "../../lifecycle/rotation/schema";
import { didYouMean, type InputFailure } from "../../shared/errors";
import { isUnknown, UNKNOWN } from "../../shared/unknown";
import { orUnknown, strictObject, toFailures, withoutNulls } from "../../shared/zod-helpers";
import { NAMED_TYPES, RESOURCE_TYPES, type ResourceType } from "./resource-types";
import type { AuthorizationInputs } from "./types";

/** v2 IDs are 16 lowercase hex chars (BEHAVIOR.md A.1); the server's "invalid ID" says nothing about names. */
const ID_PATTERN = /^[0-9a-f]{16}$/;

function idField(nameProperty: string) {
  return z.string().superRefine((value, ctx) => {
    if (ID_PATTERN.test(value) && !/^0+$/.test(value)) return;
    const message = /^0{16}$/.test(value)
      ? `"${value}" is not a valid ID (the server answers "invalid ID" for all zeros, BEHAVIOR.md A.1)`
      : /^[0-9a-fA-F]{16}$/.test(value)
        ? `"${value}" must be lowercase hex; write "${value.toLowerCase()}"`
        : `"${value}" is not an ID (16 lowercase hex characters)${
            nameProperty === "" ? "" : `; to refer to it by name, use ${nameProperty} instead`
          }`;
    ctx.addIssue({ code: "custom", message });
  });
}

const nameField = z.string().min(1);

const resourceType = z.string().superRefine((value, ctx) => {
  if (value === "instance") {
    // A valid type that no POST may carry: the server answers 500 "authorizations cannot be created
    // with the instance type" after the permission checks (docs/behaviour/input-rules.md).
    ctx.addIssue({
      code: "custom",
      message:
        '"instance" cannot be granted: InfluxDB refuses to create any token with it (it is only used ' +
        "during setup); grant the types you need (allAccessPermissions(orgId) lists every grantable one)",
    });
    return;
  }
  if ((RESOURCE_TYPES as readonly string[]).includes(value)) return;
  const suggestion = didYouMean(value, RESOURCE_TYPES);
  ctx.addIssue({
    code: "custom",
    message:
      `"${value}" is not a resource type` +
      (suggestion === undefined
        ? `; use one of: ${RESOURCE_TYPES.join(", ")}`
        : `; did you mean "${suggestion}"?`),
  });
});

const action = z.string().superRefine((value, ctx) => {
  if (value === "read" || value === "write") return;
  ctx.addIssue({
    code: "custom",
    message: `"${value}" is not an action; use "read" or "write" (write does not imply read)`,
  });
});

const status = z.string().superRefine((value, ctx) => {
  if (value === "active" || value === "inactive") return;
  ctx.addIssue({ code: "custom", message: `"${value}" is not a status; use "active" or "inactive"` });
});

const resource = strictObject({
  type: orUnknown(resourceType),
  id: orUnknown(idField("name")).optional(),
  name: nameField.optional(),
  orgId: orUnknown(idField("org")).optional(),
  org: nameField.optional(),
  // Every org the caller can grant (an operator-style grant): no orgID is sent (BEHAVIOR.md A.4 item 8).
  anyOrg: z.literal(true).optional(),
}).superRefine((value, ctx) => {
  if (value.anyOrg === true && (value.orgId !== undefined || value.org !== undefined)) {
    ctx.addIssue({ code: "custom", path: ["anyOrg"], message: "give either anyOrg or orgId/org, not both" });
  }
  if (value.id !== undefined && value.name !== undefined) {
    ctx.addIssue({ code: "custom", path: ["name"], message: "give either id or name, not both" });
  }
  if (value.orgId !== undefined && value.org !== undefined) {
    ctx.addIssue({ code: "custom", path: ["org"], message: "give either orgId or org, not both" });
  }
  if (
    value.name !== undefined &&
    value.type !== UNKNOWN &&
    !(NAMED_TYPES as readonly string[]).includes(value.type)
  ) {
    ctx.addIssue({
      code: "custom",
      path: ["name"],
      message: `names can be resolved only for ${NAMED_TYPES.join(", ")}; give the ${value.type} id instead`,
    });
  }
});

const permission = strictObject({ action: orUnknown(action), resource: orUnknown(resource) });

const connection = strictObject({
  url: orUnknown(httpUrlField(credentialIn("connection.token (or stack config influxdb:token)"))).optional(),
  token: z.string().min(1).optional(),
});

/** Output-only keys: given as inputs they are a mistake (an input of that name does not exist). */
export const AUTHORIZATION_OUTPUTS = [
  "grantedPermissions",
  "token",
  "createdAt",
  "updatedAt",
  "adopted",
  "tokenKnown",
  "rotationDueAt",
];

export const authorizationSchema = strictObject(
  {
    org: nameField.optional(),
    orgId: orUnknown(idField("org")).optional(),
    user: nameField.optional(),
    userId: orUnknown(idField("user")).optional(),
    description: z.string().optional(),
    status: orUnknown(status).optional(),
    permissions: orUnknown(z.array(orUnknown(permission)).min(1)),
    connection: orUnknown(connection).optional(),
    // Adoption and rotation (issue 8): provider/adopt, provider/rotation.
    adoptId: orUnknown(idField("")).optional(),
    adoptedToken: z.string().min(1).optional(),
    ...rotationFields,
  },
  { outputs: AUTHORIZATION_OUTPUTS },
).superRefine((value, ctx) => {
  if (value.adoptedToken !== undefined && value.adoptId === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["adoptedToken"],
      message: "is only used with adoptId (the value of the token being adopted); remove it or set adoptId",
    });
  }
  if (value.org !== undefined && value.orgId !== undefined) {
    ctx.addIssue({ code: "custom", path: ["org"], message: "give either orgId or org, not both" });
  }
  if (value.user !== undefined && value.userId !== undefined) {
    ctx.addIssue({ code: "custom", path: ["user"], message: "give either userId or user, not both" });
  }
});

export type ValidationResult =
  | { ok: true; inputs: AuthorizationInputs; failures: [] }
  | { ok: false; failures: InputFailure[] };

/**
 * Validates Authorization inputs (without the SDK's `__provider` key). Unknown values pass; the
 * caller decides what to do with them (check accepts, create never sees them).
 */
export function validateAuthorization(raw: Record<string, unknown>): ValidationResult {
  const result = authorizationSchema.safeParse(withoutNulls(raw));
  if (!result.success) return { ok: false, failures: toFailures(result.error.issues) };
  const inputs = result.data as unknown as AuthorizationInputs;
  // Without its own URL the resource uses the stack's: a bad one fails here, before any request.
  const connection = inputs.connection as unknown;
  if (!isUnknown(connection) && inputs.connection?.url === undefined) {
    const failures = urlSettingFailures("url");
    if (failures.length > 0) return { ok: false, failures };
  }
  return { ok: true, inputs, failures: [] };
}

export function isResourceType(value: string): value is ResourceType {
  return (RESOURCE_TYPES as readonly string[]).includes(value);
}
