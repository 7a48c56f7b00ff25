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

function dynamic(value: ObjectValue | null, type: CtyType): DynamicValue {
  return { msgpack: encodeValue(value, type) };
}

function diagnostics(diags: readonly Diagnostic[]): object[] {
  return diags.map(toProtocolDiagnostic);
}

function handlers(provider: Provider): Record<string, Handler> {
  const schemaResponse = protocolProviderSchema(provider.schema);
  const resourceType = (req: Record<string, unknown>) => provider.resourceType(String(req.type_name));
  return {
    GetSchema: () => schemaResponse,
    PrepareProviderConfig: (req) => {
      const type = provider.providerType();
      const config = decodeObject(req.config, type) ?? {};
      return {
        prepared_config: dynamic(config, type),
        diagnostics: diagnostics(provider.validateProviderConfig(config)),
      };
    },
    Configure: (req) => ({
      diagnostics: diagnostics(provider.configure(decodeObject(req.config, provider.providerType()) ?? {})),
    }),
    ValidateResourceTypeConfig: (req) => ({
      diagnostics: diagnostics(
        provider.validateResource(String(req.type_name), decodeObject(req.config, resourceType(req)) ?? {}),
      ),
    }),
    ValidateDataSourceConfig: () => ({ diagnostics: [] }),
    UpgradeResourceState: (req) => {
      const raw = req.raw_state as { json?: Buffer } | undefined;
      const type = resourceType(req);
      const state = raw?.json?.length
        ? provider.upgradeResourceState(String(req.type_name), raw.json.toString("utf8"))
        : null;
      return { upgraded_state: dynamic(state, type), diagnostics: [] };
    },
    ReadDataSource: (req) => {
      const type = provider.dataSourceType(String(req.type_name));
      const result = provider.readDataSource(String(req.type_name), decodeObject(req.config, type) ?? {});
      return { state: dynamic(result.state, type), diagnostics: diagnostics(result.diagnostics) };
    },
    ReadResource: (req) => {
      const type = resourceType(req);
      const result = provider.readResource(String(req.type_name), decodeObject(req.current_state, type) ?? {});
      return {
        new_state: dynamic(result.state, type),
        diagnostics: diagnostics(result.diagnostics),
        private: req.private,
      };
    },
    PlanResourceChange: (req) => {
      const type = resourceType(req);
      const result = provider.planResource(
        String(req.type_name),
        decodeObject(req.prior_state, type),
        decodeObject(req.proposed_new_state, type),
        decodeObject(req.config, type) ?? {},
      );
      return {
        planned_state: dynamic(result.state, type),
        requires_replace: result.requiresReplace.map((name) => ({ steps: [{ attribute_name: name }] })),
        planned_private: req.prior_private,
        diagnostics: diagnostics(result.diagnostics),
        // SDK v2 providers set this; Terraform then tolerates their legacy type system quirks.
        legacy_type_system: true,
      };
    },
    ApplyResourceChange: (req) => {
      const type = resourceType(req);
      const result = provider.applyResource(
        String(req.type_name),
        decodeObject(req.prior_state, type),
        decodeObject(req.planned_state, type),
      );
      return {
        new_state: dynamic(result.state, type),
        private: req.planned_private,
        diagnostics: diagnostics(result.diagnostics),
        legacy_type_system: true,
      };
    },
    ImportResourceState: (req) => {
      const type = resourceType(req);
      const result = provider.importResource(String(req.type_name), String(req.id));
      return {
        imported_resources: result.state
          ? [{ type_name: req.type_name, state: dynamic(result.state, type), private: Buffer.alloc(0) }]
          : [],
        diagnostics: diagnostics(result.diagnostics),
      };
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
