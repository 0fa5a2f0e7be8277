import { describe, expect, it } from "vitest";
import {
  decodeAuthorizationUpdate,
  decodePostAuthorization,
} from "../../../emulator/v2/authorization-request";
import { goJson, statusForCode, type V2Error } from "../../../emulator/v2/errors";
import { parseId } from "../../../emulator/v2/ids";

const catchErr = (f: () => unknown): V2Error => {
  try {
    f();
  } catch (e) {
    return e as V2Error;
  }
  throw new Error("expected an error");
};

describe("behaviour A.1 IDs", () => {
  it.each([
    ["0123456789abcdef", "0123456789abcdef"],
    ["0123456789ABCDEF", "0123456789abcdef"],
  ])("%s is valid", (id, normal) => expect(parseId(id)).toBe(normal));
  it.each([
    ["", "id must have a length of 16 bytes"],
    ["0123456789abcde", "id must have a length of 16 bytes"],
    ["0123456789abcdeé", "id must have a length of 16 bytes"],
    ["0123456789abcdeg", "invalid ID"],
    ["0000000000000000", "invalid ID"],
    ["+123456789abcdef", "invalid ID"],
  ])("%j => %s", (id, message) => {
    const e = catchErr(() => parseId(id));
    expect(e.code).toBe("invalid");
    expect(e.message).toBe(message);
  });
});

describe("behaviour A.1 error codes map to statuses; conflict is 422", () => {
  it.each([
    ["invalid", 400],
    ["empty value", 400],
    ["unauthorized", 401],
    ["forbidden", 403],
    ["not found", 404],
    ["method not allowed", 405],
    ["conflict", 422],
    ["unprocessable entity", 422],
    ["too many requests", 429],
    ["request too large", 413],
    ["internal error", 500],
    ["not implemented", 501],
    ["unavailable", 503],
    ["anything else", 500],
  ])("%s => %i", (code, status) => expect(statusForCode(code)).toBe(status));

  it("Go JSON escapes <, > and & and pretty-prints with tabs", () => {
    expect(goJson({ a: "<&>" }, true)).toBe('{\n\t"a": "\\u003c\\u0026\\u003e"\n}');
  });
});

describe("behaviour A.4 POST decoding, Go style", () => {
  const org = "0000000000000001";
  const perm = { action: "read", resource: { type: "buckets" } };
  it.each<[string, string, string]>([
    ["an empty body", "", "invalid json structure: EOF"],
    ["truncated JSON", '{"orgID":', "invalid json structure: unexpected EOF"],
    [
      "a top-level array",
      "[]",
      "invalid json structure: json: cannot unmarshal array into Go value of type authorization.postAuthorizationRequest",
    ],
    [
      "a numeric description",
      JSON.stringify({ orgID: org, description: 5, permissions: [perm] }),
      "invalid json structure: json: cannot unmarshal number into Go struct field postAuthorizationRequest.description of type string",
    ],
    [
      "a bad resource id",
      JSON.stringify({
        orgID: org,
        permissions: [{ action: "read", resource: { type: "buckets", id: "1" } }],
      }),
      "invalid json structure: id must have a length of 16 bytes",
    ],
    ["null", "null", "authorization must include permissions"],
  ])("%s", (_name, body, message) => {
    const e = catchErr(() => decodePostAuthorization(Buffer.from(body)));
    expect(e.code).toBe("invalid");
    expect(e.message).toBe(message);
  });

  it("matches keys case-insensitively and drops unknown fields (resource name, token, id)", () => {
    const req = decodePostAuthorization(
      Buffer.from(
        JSON.stringify({
          OrgID: org,
          token: "t",
          id: "x",
          permissions: [{ action: "read", resource: { type: "buckets", name: "telemetry", orgID: org } }],
        }),
      ),
    );
    expect(req).toEqual({
      status: "active",
      orgID: org,
      description: "",
      permissions: [{ action: "read", resource: { type: "buckets", orgID: org } }],
    });
  });

  it("ignores trailing data after the first JSON value, as Go's Decoder does", () => {
    const body = JSON.stringify({ orgID: org, permissions: [perm] }) + " trailing";
    expect(decodePostAuthorization(Buffer.from(body)).orgID).toBe(org);
  });

  it("PATCH decode errors are raw 500s (behaviour A.7)", () => {
    expect(catchErr(() => decodeAuthorizationUpdate(Buffer.from(""))).code).toBe("internal error");
    const e = catchErr(() => decodeAuthorizationUpdate(Buffer.from('{"status":1}')));
    expect(e.message).toBe(
      "json: cannot unmarshal number into Go struct field AuthorizationUpdate.status of type influxdb.Status",
    );
    expect(decodeAuthorizationUpdate(Buffer.from('{"status":null,"description":"d"}'))).toEqual({
      description: "d",
    });
  });
});

describe("Go scanner error texts (seen on influxd 2.9.1 where marked)", () => {
  it.each([
    ['{"orgID":"x",}', "invalid character '}' looking for beginning of object key string"], // influxd
    ["xx", "invalid character 'x' looking for beginning of value"], // influxd
    ['{"orgID":', "unexpected EOF"], // influxd
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b"}', "invalid character '\"' after object key:value pair"],
    ["[1 2]", "invalid character '2' after array element"],
    ['{"a":tru}', "invalid character '}' in literal true (expecting 'e')"],
    ['{"a":-x}', "invalid character 'x' in numeric literal"],
    ['{"a":1.}', "invalid character '}' after decimal point in numeric literal"],
    ['{"a":"\\q"}', "invalid character 'q' in string escape code"],
    ['{"a":"\n"}', "invalid character '\\n' in string literal"],
  ])("%s", (body, message) => {
    const e = catchErr(() => decodePostAuthorization(Buffer.from(body)));
    expect(e.message).toBe(`invalid json structure: ${message}`);
  });
});
