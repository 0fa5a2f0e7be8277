/**
 * The hooks' log lines (provider/shared/log) sent to the engine as LogRequests, like the
 * dynamic-provider host's sink does: info under the stack in `pulumi up`, debug with `--debug`,
 * progress as ephemeral lines. Set once the engine's address is known (the plugin's argument).
 */
import { type LogLevel, setLogSink } from "../shared/log";
import { grpcModule } from "./grpc";

export function sendLogsToEngine(address: string): void {
  const grpc = grpcModule();
  const engineRpc = require("@pulumi/pulumi/proto/engine_grpc_pb");
  const engineProto = require("@pulumi/pulumi/proto/engine_pb");
  const client = new engineRpc.EngineClient(address, grpc.credentials.createInsecure());
  const severities: Record<LogLevel, number> = {
    debug: engineProto.LogSeverity.DEBUG,
    info: engineProto.LogSeverity.INFO,
    warn: engineProto.LogSeverity.WARNING,
    progress: engineProto.LogSeverity.INFO,
  };
  setLogSink(({ level, message }) => {
    const request = new engineProto.LogRequest();
    request.setSeverity(severities[level]);
    request.setMessage(message);
    request.setUrn("");
    request.setEphemeral(level === "progress");
    client.log(request, (error: unknown) => {
      if (error && level !== "debug" && level !== "progress") console.error(`${level}: ${message}`);
    });
  });
}
