/**
 * A message the user must see. Output of a provider plugin reaches the engine's diagnostics,
 * so it appears in `pulumi up`/`destroy` output; it never contains a token.
 */
export function notice(lines: string[]): void {
  const bar = "*".repeat(78);
  process.stderr.write(`\n${bar}\n${lines.map((line) => `* ${line}`).join("\n")}\n${bar}\n`);
}
