/**
 * The provider plugin's entry (bin/pulumi-resource-influxdb-tokens runs node on the compiled
 * file): serves the ResourceProvider service on a loopback port and prints the port on stdout,
 * which is how the engine finds it (the handshake of @pulumi/pulumi/provider/server.js). The
 * engine's address is the first argument that is not a flag; the hooks' log lines go there.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { sendLogsToEngine } from "./engine-log";
import { grpcModule } from "./grpc";
import { providerService, serviceDefinition } from "./server";

function packageVersion(): string {
  for (const candidate of [
    path.join(__dirname, "..", "..", "package.json"),
    path.join(__dirname, "..", "..", "..", "package.json"),
  ]) {
    if (!existsSync(candidate)) continue;
    const parsed = JSON.parse(readFileSync(candidate, "utf8")) as { name?: string; version?: string };
    if (parsed.name === "pulumi-influxdb-tokens" && parsed.version) return parsed.version;
  }
  return "0.0.0";
}

export async function main(args: readonly string[]): Promise<void> {
  const engineAddress = args.find((arg) => !arg.startsWith("-"));
  if (engineAddress !== undefined) sendLogsToEngine(engineAddress);
  const grpc = grpcModule();
  const server = new grpc.Server({
    "grpc.max_receive_message_length": 1024 * 1024 * 400,
    "grpc.max_send_message_length": 1024 * 1024 * 400,
  });
  server.addService(serviceDefinition(), providerService({ version: packageVersion() }));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  // The engine reads the port from the first line of stdout.
  process.stdout.write(`${port}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`pulumi-resource-influxdb-tokens: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  });
}
