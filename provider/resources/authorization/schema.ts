import { z } from "zod";
import { missingOrgFailures, urlSettingFailures } from "../../config";
import { credentialIn, httpUrlField } from "../../config/url-field";
import { rotationFields } from "../../lifecycle/rotation/schema";
import { input, type Known, named, oneOf } from "../../shared/declaration";
import { didYouMean, type InputFailure } from "../../shared/errors";
import { isUnknown, UNKNOWN } from "../../shared/unknown";
import { orUnknown, strictObject, toFailures, withoutNulls } from "../../shared/zod-helpers";
import { GRANTABLE_TYPES, NAMED_TYPES, RESOURCE_TYPES, type ResourceType } from "./resource-types";

/** v2 IDs are 16 lowercase hex chars (behaviour A.1); the server's "invalid ID" says nothing about names. */
const ID_PATTERN = /^[0-9a-f]{16}$/;

function idField(nameProperty: string) {
  return z.string().superRefine((value, ctx) => {
    if (ID_PATTERN.test(value) && !/^0+$/.test(value)) return;
    const message = /^0{16}$/.test(value)
      ? `"${value}" is not a valid ID (the server answers "invalid ID" for all zeros)`
      : /^[0-9a-fA-F]{16}$/.test(value)
        ? `"${value}" must be lowercase hex; write "${value.toLowerCase()}"`
        : `"${value}" is not an ID (16 lowercase hex characters)${
            nameProperty === "" ? "" : `; to refer to it by name, use ${nameProperty} instead`
          }`;
    ctx.addIssue({ code: "custom", message });
  });
}

const nameField = z.string().min(1);

const resourceType = named(
  oneOf(GRANTABLE_TYPES, (value) => {
    if (value === "instance") {
      // A valid type that no POST may carry: the server answers 500 "authorizations cannot be created
      // with the instance type" after the permission checks (docs/behaviour/input-rules.md).
      return (
        '"instance" cannot be granted: InfluxDB refuses to create any token with it (it is only used ' +
        "during setup); grant the types you need (allAccessPermissions(orgId) lists every grantable one)"
      );
    }
    const suggestion = didYouMean(value, RESOURCE_TYPES);
    return (
      `"${value}" is not a resource type` +
      (suggestion === undefined
        ? `; use one of: ${RESOURCE_TYPES.join(", ")}`
        : `; did you mean "${suggestion}"?`)
    );
  }),
  {
    typeName: "AuthorizationResourceType",
    description:
      "A v2 resource type that a token can be granted: the types the OSS server accepts, except " +
      "`instance`, which the server refuses in every new token (it exists only for the initial setup).",
  },
);

const action = oneOf(
  ["read", "write"],
  (value) => `"${value}" is not an action; use "read" or "write" (write does not imply read)`,
);

const status = oneOf(
  ["active", "inactive"],
  (value) => `"${value}" is not a status; use "active" or "inactive"`,
);

const resource = named(
  strictObject({
    type: input(orUnknown(resourceType), { description: 'The resource type, e.g. `"buckets"`.' }),
    id: input(orUnknown(idField("name")).optional(), {
      description: "ID (16 lowercase hex chars) of one resource.",
    }),
    name: input(nameField.optional(), {
      description:
        "Name of one bucket, org or user; the provider resolves it to the ID before creating the token " +
        "(the server would drop a name and grant every bucket of the org).",
    }),
    orgId: input(orUnknown(idField("org")).optional(), {
      description: "Org ID the resource belongs to. Default: the authorization's org for type-wide grants.",
    }),
    org: input(nameField.optional(), {
      description: "Org name instead of `orgId`; resolved to the ID before creating the token.",
    }),
    // Every org the caller can grant (an operator-style grant): no orgID is sent (behaviour A.4 item 8).
    anyOrg: input(z.literal(true).optional(), {
      description:
        "`true`: every org the credential can grant (sent without an org), instead of the authorization's org.",
    }),
  }).superRefine((value, ctx) => {
    if (value.anyOrg === true && (value.orgId !== undefined || value.org !== undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["anyOrg"],
        message: "give either anyOrg or orgId/org, not both",
      });
    }
    if (value.id !== undefined && value.name !== undefined) {
      ctx.addIssue({ code: "custom", path: ["name"], message: "give either id or name, not both" });
    }
    if (value.orgId !== undefined && value.org !== undefined) {
      ctx.addIssue({ code: "custom", path: ["org"], message: "give either orgId or org, not both" });
    }
    // Only for a valid type: a wrong one (`"bucket"`) is already reported with its fix, and
    // "give the bucket id" would send the user the wrong way.
    if (
      value.name !== undefined &&
      value.type !== UNKNOWN &&
      isResourceType(value.type) &&
      !(NAMED_TYPES as readonly string[]).includes(value.type)
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["name"],
        message: `names can be resolved only for ${NAMED_TYPES.join(", ")}; give the ${value.type} id instead`,
      });
    }
  }),
  {
    typeName: "AuthorizationResourceArgs",
    description:
      "What a permission applies to. Give `id` or `name` (or neither: every resource of the type in the org).",
  },
);

const permission = named(
  strictObject({
    action: input(orUnknown(action), { description: "`read` or `write`; write does not imply read." }),
    resource: input(orUnknown(resource), {
      description: "The resource, or resources, the action is allowed on.",
    }),
  }),
  { typeName: "AuthorizationPermissionArgs", description: "One permission: an action on a resource." },
);

const connection = named(
  strictObject({
    url: input(
      orUnknown(
        httpUrlField(
          credentialIn("connection.token (or stack config influxdb:token)"),
          "http://localhost:8086",
          "/api/v2",
        ),
      ).optional(),
      {
        description:
          "Base URL, e.g. `http://localhost:8086`. Changing it replaces the token (another server).",
        change: "replace",
      },
    ),
    token: input(z.string().min(1).optional(), {
      description: "API token allowed to manage authorizations. Changing it updates state only (no request).",
      change: "state",
      secret: true,
    }),
  }),
  {
    typeName: "AuthorizationConnectionArgs",
    description:
      "Where the v2 API is, for one resource; overrides stack config and the environment. Stored as a secret.",
  },
);

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

/** The outputs that hold a credential: secret in state, in the SDK and in the package schema. */
export const AUTHORIZATION_SECRET_OUTPUTS = ["token"];

export const authorizationSchema = named(
  strictObject(
    {
      org: input(nameField.optional(), {
        description: "Organization name, resolved to its ID. Changing it **replaces** the token.",
        change: "replace",
      }),
      orgId: input(orUnknown(idField("org")).optional(), {
        description:
          "Organization ID (16 hex chars). Give this or `org`, or neither to use `influxdb:orgId`/`influxdb:org`. " +
          "Changing it **replaces** the token.",
        change: "replace",
      }),
      user: input(nameField.optional(), {
        description: "User name instead of `userId`, resolved to its ID. Changing it **replaces** the token.",
        change: "replace",
      }),
      userId: input(orUnknown(idField("user")).optional(), {
        description:
          "ID of the user the token belongs to; default: the user of the provider's credential. " +
          "Changing it **replaces** the token.",
        change: "replace",
      }),
      description: input(z.string().optional(), {
        description: "Free text. Changing it **updates in place** (PATCH).",
        change: "update",
      }),
      status: input(orUnknown(status).optional(), {
        description: "`active` (default) or `inactive`. Changing it **updates in place** (PATCH).",
        change: "update",
      }),
      permissions: input(orUnknown(z.array(orUnknown(permission)).min(1)), {
        description:
          "What the token may do (at least one). Compared as a set: order and duplicates do not matter. " +
          "Any change **replaces** the token (the API cannot change permissions): the new one is created first.",
        change: "replace",
      }),
      connection: input(orUnknown(connection).optional(), {
        description: "Per-resource connection (secret); default: stack config, then environment.",
        change: "fields",
        secret: true,
      }),
      // Adoption and rotation: provider/resources/authorization/adopt.ts, provider/lifecycle/rotation.
      adoptId: input(orUnknown(idField("")).optional(), {
        description:
          "ID of an existing authorization to take over instead of creating one (`pulumi import` does not " +
          "work for dynamic resources). Read only when the resource is created: `up` checks that the " +
          "token's org, user and permissions match the declared ones exactly (and fails naming every " +
          "difference), then sets `status` and `description` as declared. Later changes are ignored. From " +
          "then on the token is managed: `destroy` deletes it. A replacement (permissions, rotation) is " +
          "refused while this is set: remove it (and `adoptedToken`) first.",
        change: "create",
      }),
      adoptedToken: input(z.string().min(1).optional(), {
        description:
          "The adopted token's value, if you have it (stored as a secret). The API never returns a token " +
          "after creation, so without it `token` stays empty and `tokenKnown` is false. Only with " +
          "`adoptId`; setting or changing it later **updates state only** (no request, not verified " +
          "against hashed servers).",
        change: "state",
        secret: true,
      }),
      rotateAfter: input(rotationFields.rotateAfter, {
        description:
          'Rotation period: a whole number and `m`, `h`, `d` or `w`, e.g. `"90d"`. The first `up` (or ' +
          "`preview`) at or after `createdAt` + this period **replaces** the token: the new one is created " +
          "first, consumers get it in the same `up`, then the old one is deleted. Changing the period " +
          "updates state only, unless the new period is already due.",
        change: "rotation",
      }),
      rotationTrigger: input(rotationFields.rotationTrigger, {
        description:
          "Any value (a date, a counter, an incident number): changing it from one value to another " +
          "**replaces** the token (create first, then delete). Setting it the first time, or removing it, " +
          "updates state only. Equivalent to Pulumi's `replacementTrigger` resource option (3.211+), but " +
          "works with older CLIs and shows in the plan as `rotationTrigger`.",
        change: "rotation",
      }),
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
  }),
  {
    typeName: "AuthorizationArgs",
    description:
      "The inputs of an `Authorization`: the token's org, user and permissions, how to reach the server, " +
      "and its adoption and rotation.",
  },
);

/**
 * Authorization inputs after validation, as the schema infers them (./types.ts re-exports it with
 * the types derived from it).
 */
export type AuthorizationInputs = Known<z.output<typeof authorizationSchema>>;

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
  // Unknown values (preview) pass here as they are; create and update take the inputs through
  // validOrThrow, which refuses any that is still unknown, so the type says what they act on.
  const inputs = result.data as AuthorizationInputs;
  // Without its own URL the resource uses the stack's: a bad or missing one fails here, before
  // any request, as does a missing organization (an unknown input counts as given).
  const failures: InputFailure[] = [];
  const connection = inputs.connection as unknown;
  if (!isUnknown(connection) && inputs.connection?.url === undefined) {
    failures.push(...urlSettingFailures("url", true));
  }
  if (inputs.orgId === undefined && inputs.org === undefined) failures.push(...missingOrgFailures());
  if (failures.length > 0) return { ok: false, failures };
  return { ok: true, inputs, failures: [] };
}

export function isResourceType(value: string): value is ResourceType {
  return (RESOURCE_TYPES as readonly string[]).includes(value);
}
