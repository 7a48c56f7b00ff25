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
import { type CtyType, type ObjectValue, decodeValue, encodeValue } from "./cty";
import { type Diagnostic, toProtocolDiagnostic } from "./diagnostics";
import { Provider } from "./provider";
import { loadProviderSchema, protocolProviderSchema } from "./schema";

interface DynamicValue {
  msgpack?: Buffer;
  json?: Buffer;
}

type Handler = (request: Record<string, unknown>) => object;

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

function decodeObject(dv: unknown, type: CtyType): ObjectValue | null {
  const value = dv as DynamicValue | undefined;
  if (value?.json && value.json.length > 0) throw new Error("JSON DynamicValue is not supported");
  return decodeValue(value?.msgpack, type) as ObjectValue | null;
}

function handlers(provider: Provider): Record<string, Handler> {
  const schemaResponse = protocolProviderSchema(provider.schema);
  const diagnostics = (diags: readonly Diagnostic[]) => diags.map(toProtocolDiagnostic);
  const typed = (req: Record<string, unknown>, type: CtyType) => ({
    decode: (field: string) => decodeObject(req[field], type),
    encode: (value: ObjectValue | null) => ({ msgpack: encodeValue(value, type) }),
  });
  const resource = (req: Record<string, unknown>) => {
    const name = String(req.type_name);
    return { name, ...typed(req, provider.resourceType(name)) };
  };
  return {
    GetSchema: () => schemaResponse,
    PrepareProviderConfig: (req) => {
      const { decode, encode } = typed(req, provider.providerType());
      const config = decode("config") ?? {};
      return { prepared_config: encode(config), diagnostics: diagnostics(provider.validateProviderConfig(config)) };
    },
    Configure: (req) => {
      const config = typed(req, provider.providerType()).decode("config") ?? {};
      return { diagnostics: diagnostics(provider.configure(config)) };
    },
    ValidateResourceTypeConfig: (req) => {
      const { name, decode } = resource(req);
      return { diagnostics: diagnostics(provider.validateResource(name, decode("config") ?? {})) };
    },
    ValidateDataSourceConfig: () => ({ diagnostics: [] }),
    UpgradeResourceState: (req) => {
      const { name, encode } = resource(req);
      const json = (req.raw_state as { json?: Buffer } | undefined)?.json;
      const state = json?.length ? provider.upgradeResourceState(name, json.toString("utf8")) : null;
      return { upgraded_state: encode(state), diagnostics: [] };
    },
    ReadDataSource: (req) => {
      const name = String(req.type_name);
      const { decode, encode } = typed(req, provider.dataSourceType(name));
      const result = provider.readDataSource(name, decode("config") ?? {});
      return { state: encode(result.state), diagnostics: diagnostics(result.diagnostics) };
    },
    ReadResource: (req) => {
      const { name, decode, encode } = resource(req);
      const result = provider.readResource(name, decode("current_state") ?? {});
      return { new_state: encode(result.state), diagnostics: diagnostics(result.diagnostics), private: req.private };
    },
    PlanResourceChange: (req) => {
      const { name, decode, encode } = resource(req);
      const config = decode("config") ?? {};
      const result = provider.planResource(name, decode("prior_state"), decode("proposed_new_state"), config);
      return {
        planned_state: encode(result.state),
        requires_replace: result.requiresReplace.map((attribute) => ({ steps: [{ attribute_name: attribute }] })),
        planned_private: req.prior_private,
        diagnostics: diagnostics(result.diagnostics),
        // SDK v2 providers set this; Terraform then tolerates their legacy type system quirks.
        legacy_type_system: true,
      };
    },
    ApplyResourceChange: (req) => {
      const { name, decode, encode } = resource(req);
      const result = provider.applyResource(name, decode("prior_state"), decode("planned_state"));
      return {
        new_state: encode(result.state),
        private: req.planned_private,
        diagnostics: diagnostics(result.diagnostics),
        legacy_type_system: true,
      };
    },
    ImportResourceState: (req) => {
      const { name, encode } = resource(req);
      const { state, diagnostics: diags } = provider.importResource(name, String(req.id));
      const imported = state ? [{ type_name: name, state: encode(state), private: Buffer.alloc(0) }] : [];
      return { imported_resources: imported, diagnostics: diagnostics(diags) };
    },
    Stop: () => ({ Error: "" }),
  };
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
  const provider = new Provider(
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
  server.addService(proto.tfplugin5.Provider.service, toService(handlers(provider)));
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
