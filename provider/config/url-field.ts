import { z } from "zod";

/**
 * A server URL input (`connection.url`), checked at `preview` like the stack setting is at call
 * time (./connection.ts validUrl): http(s), no credentials in it (issue 6: bad input fails
 * before any request, naming the property).
 */
export const httpUrlField = z.string().superRefine((value, ctx) => {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    ctx.addIssue({
      code: "custom",
      message: `"${value}" is not a URL; give e.g. https://influxdb.example.com:8086`,
    });
    return;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    ctx.addIssue({ code: "custom", message: "must start with http:// or https://" });
  } else if (parsed.username !== "" || parsed.password !== "") {
    ctx.addIssue({
      code: "custom",
      message: "must not hold credentials; give the token in connection.token",
    });
  }
});
