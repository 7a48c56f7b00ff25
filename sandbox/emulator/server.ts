/**
 * The emulator process: a Terraform plugin protocol 5 gRPC server on a unix socket, for Terraform
 * to attach to through TF_REATTACH_PROVIDERS. Started by start.ts; configured through env:
 *   GC_EMULATOR_SOCKET  unix socket path to listen on
 *   GC_EMULATOR_WORLD   world file (see world.ts)
 *   GC_EMULATOR_SCHEMA  provider schema JSON (provider-schema/genesyscloud@<version>.json)
 *   GC_EMULATOR_PROTO   protocol definition (protocol/provider.proto)
 *   GC_EMULATOR_TMPDIR  optional folder (holding the socket) to remove on exit
 *   GENESYSCLOUD_*      the provider's own environment variables (credentials, region, ...)
 * Prints one line `ready <pid>` on stdout once listening; exits when stdin closes (its parent died).
 */
import { rmSync } from "node:fs";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { type Handler, providerHandlers } from "./provider";
import { loadProviderSchema } from "./schema";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

function toService(table: Record<string, Handler>): grpc.UntypedServiceImplementation {
  const log = process.env.GC_EMULATOR_LOG === "1";
  return Object.fromEntries(
    Object.entries(table).map(([name, handle]) => [
      name,
      (call: grpc.ServerUnaryCall<Record<string, unknown>, object>, callback: grpc.sendUnaryData<object>) => {
        try {
          if (log) process.stderr.write(`${name} ${String(call.request.type_name ?? "")}\n`);
          callback(null, handle(call.request));
        } catch (err) {
          process.stderr.write(`${name} failed: ${(err as Error).stack ?? String(err)}\n`);
          callback({ code: grpc.status.INTERNAL, details: String((err as Error).message ?? err) });
        }
      },
    ]),
  );
}

function main(): void {
  const socket = required("GC_EMULATOR_SOCKET");
  const handlers = providerHandlers(
    loadProviderSchema(required("GC_EMULATOR_SCHEMA")),
    required("GC_EMULATOR_WORLD"),
    process.env,
  );
  const definition = protoLoader.loadSync(required("GC_EMULATOR_PROTO"), {
    keepCase: true,
    longs: Number,
    defaults: false,
  });
  const proto = grpc.loadPackageDefinition(definition) as unknown as {
    tfplugin5: { Provider: grpc.ServiceClientConstructor };
  };
  const server = new grpc.Server();
  server.addService(proto.tfplugin5.Provider.service, toService(handlers));
  server.bindAsync(`unix://${socket}`, grpc.ServerCredentials.createInsecure(), (err) => {
    if (err) {
      process.stderr.write(`cannot listen on ${socket}: ${err.message}\n`);
      process.exit(1);
    }
    process.stdout.write(`ready ${process.pid}\n`);
  });
  const stop = () => {
    server.forceShutdown();
    const tmp = process.env.GC_EMULATOR_TMPDIR;
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    process.exit(0);
  };
  process.stdin.on("end", stop).on("error", stop).resume();
  process.on("SIGTERM", stop).on("SIGINT", stop);
}

main();
