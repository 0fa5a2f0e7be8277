/**
 * A line-protocol syntax check with the error texts of influxdb's `models.ParsePoints`, so a bad
 * write answers 400 `unable to parse '<line>': <reason>` as on influxd 2.9.1 (reasons checked there:
 * missing fields, missing tag value, invalid number, bad timestamp, unbalanced quotes, invalid
 * field format; several bad lines are joined with "\n"). Points are not stored.
 */
export function lineProtocolErrors(body: string): string[] {
  const errors: string[] = [];
  for (const raw of body.split("\n")) {
    const line = raw.replace(/^[ \t]+/, "").replace(/\r$/, "");
    if (line === "" || line.startsWith("#")) continue;
    const reason = lineError(line);
    if (reason) errors.push(`unable to parse '${line}': ${reason}`);
  }
  return errors;
}

/** Index of the first unescaped `ch` at or after `from` (outside double quotes when `quotes`). */
function indexOfUnescaped(s: string, ch: string, from: number, quotes: boolean): number {
  let inQuote = false;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (quotes && c === '"') inQuote = !inQuote;
    else if (c === ch && !inQuote) return i;
  }
  return quotes && inQuote ? -2 : -1;
}

function splitUnescaped(s: string, ch: string, quotes: boolean): string[] {
  const parts: string[] = [];
  let start = 0;
  for (;;) {
    const i = indexOfUnescaped(s, ch, start, quotes);
    if (i < 0) break;
    parts.push(s.slice(start, i));
    start = i + 1;
  }
  parts.push(s.slice(start));
  return parts;
}

function lineError(line: string): string | undefined {
  const keyEnd = indexOfUnescaped(line, " ", 0, false);
  const key = keyEnd < 0 ? line : line.slice(0, keyEnd);
  const [measurement, ...tags] = splitUnescaped(key, ",", false);
  if (!measurement) return "missing measurement";
  for (const tag of tags) {
    const eq = indexOfUnescaped(tag, "=", 0, false);
    if (eq < 0) return "missing tag value";
    if (eq === 0) return "missing tag key";
    if (eq === tag.length - 1) return "missing tag value";
  }
  if (keyEnd < 0) return "missing fields";
  const rest = line.slice(keyEnd + 1);
  const fieldsEnd = indexOfUnescaped(rest, " ", 0, true);
  if (fieldsEnd === -2) return "unbalanced quotes";
  const fields = fieldsEnd < 0 ? rest : rest.slice(0, fieldsEnd);
  if (fields === "") return "missing fields";
  for (const field of splitUnescaped(fields, ",", true)) {
    const eq = indexOfUnescaped(field, "=", 0, false);
    if (eq < 0) return "invalid field format";
    if (eq === 0) return "missing field key";
    const value = field.slice(eq + 1);
    const reason = fieldValueError(value);
    if (reason) return reason;
  }
  if (fieldsEnd >= 0) {
    const ts = rest.slice(fieldsEnd + 1).trim();
    if (ts !== "" && !/^-?\d+$/.test(ts)) return "bad timestamp";
  }
  return undefined;
}

function fieldValueError(v: string): string | undefined {
  if (v === "") return "missing field value";
  if (v.startsWith('"'))
    return v.length >= 2 && v.endsWith('"') && !v.endsWith('\\"') ? undefined : "unbalanced quotes";
  if (/^(t|T|true|True|TRUE|f|F|false|False|FALSE)$/.test(v)) return undefined;
  if (/^[-+]?\d+i$/.test(v) || /^\d+u$/.test(v)) return undefined;
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v)) return undefined;
  if (/^[-+.\d]/.test(v)) return "invalid number";
  if (/^[tTfF]/.test(v)) return "invalid boolean";
  return "invalid field format";
}
