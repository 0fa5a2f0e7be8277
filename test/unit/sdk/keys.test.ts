import { describe, expect, it } from "vitest";
import { AUTHORIZATION_OUTPUTS, authorizationSchema } from "../../../provider/resources/authorization/schema";
import {
  DATABASE_TOKEN_OUTPUTS,
  databaseTokenSchema,
} from "../../../provider/resources/database-token/schema";
import {
  adminSchema,
  NAMED_HIDDEN,
  NAMED_OUTPUTS,
  OPERATOR_OUTPUTS,
  operatorSchema,
  resourceSchema,
} from "../../../provider/resources/influxdb3/schema";
import { AUTHORIZATION_KEYS } from "../../../sdk/authorization";
import { DATABASE_TOKEN_KEYS } from "../../../sdk/database-token";
import { ADMIN_TOKEN_KEYS } from "../../../sdk/influxdb3/admin-token";
import { OPERATOR_TOKEN_KEYS } from "../../../sdk/influxdb3/operator-token";
import { RESOURCE_TOKEN_KEYS } from "../../../sdk/influxdb3/resource-token";

/**
 * The SDK's key lists (what each class declares, and which inputs it sends as secrets) and the
 * provider's schemas (what check accepts, and which keys it names as outputs) must agree: a
 * documented input check refuses, or an output check takes for a misspelled input, would be a bug.
 */
const sorted = (keys: readonly string[]) => [...keys].sort();
const shapeKeys = (schema: { shape: Record<string, unknown> }, hidden: readonly string[] = []) =>
  sorted(Object.keys(schema.shape).filter((key) => !hidden.includes(key)));

describe.each([
  ["Authorization", AUTHORIZATION_KEYS, authorizationSchema, AUTHORIZATION_OUTPUTS, []],
  ["DatabaseToken", DATABASE_TOKEN_KEYS, databaseTokenSchema, DATABASE_TOKEN_OUTPUTS, []],
  ["OperatorToken", OPERATOR_TOKEN_KEYS, operatorSchema, OPERATOR_OUTPUTS, []],
  ["AdminToken", ADMIN_TOKEN_KEYS, adminSchema, NAMED_OUTPUTS, NAMED_HIDDEN],
  ["ResourceToken", RESOURCE_TOKEN_KEYS, resourceSchema, [...NAMED_OUTPUTS, "permissionsText"], NAMED_HIDDEN],
] as const)("%s", (_kind, keys, schema, outputs, hidden) => {
  it("documents exactly the inputs check accepts", () => {
    expect(sorted(keys.inputs)).toEqual(shapeKeys(schema as never, hidden));
  });

  it("declares exactly the outputs check names as outputs, none of them an input", () => {
    expect(sorted(keys.outputs)).toEqual(sorted(outputs));
    expect(keys.outputs.filter((key) => keys.inputs.includes(key))).toEqual([]);
  });

  it("sends connection, and every other credential input, as a secret", () => {
    expect(keys.secretInputs).toContain("connection");
    for (const key of keys.inputs) {
      if (/token|connection|waitForActivation/i.test(key)) expect(keys.secretInputs).toContain(key);
    }
  });

  it("keeps the token value and the stored connection secret in state", () => {
    expect(keys.secretOutputs).toContain("connection");
    expect(keys.secretOutputs.some((key) => /^(token|accessToken)$/.test(key))).toBe(true);
    for (const key of keys.secretOutputs) {
      expect([...keys.outputs, ...keys.secretInputs]).toContain(key);
    }
  });
});
