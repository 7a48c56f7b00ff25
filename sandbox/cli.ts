/**
 * `npm run sandbox -- <command> [options]`: what an org admin does in the Genesys Cloud UI, done to
 * the sandbox's world (by default the one `npm run emulator -- run` uses), so the first-deploy and
 * onboarding walk-throughs can be followed without writing code.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { AdminError, createClient, createOrg, describeWorld, grantRole, regenerateSecret, revokeRole } from "./admin";
import { SANDBOX_WORLD_FILE, seedSandboxWorld } from "./emulator/run";
import { readWorld } from "./emulator/world";

const USAGE = `usage: npm run sandbox -- <command> [--world FILE] [options]
  show         [--org NAME]                                        orgs, divisions, roles and clients (no secrets)
  grant-role   --client ID|NAME --role NAME [--division NAME|*] [--org NAME]
                                                                   grant a role to an OAuth client (home division by default)
  revoke-role  --client ID|NAME --role NAME [--division NAME|*] [--org NAME]
                                                                   revoke it (in every division unless --division)
  create-org   --name NAME [--region REGION]                       a new org: home division, Master Admin, employee
  create-client --org NAME --name NAME [--role NAME]... [--division NAME|*] [--grant-type TYPE] [--id ID] [--deployer]
                                                                   a new OAuth client; prints its id and secret once
  regenerate-secret --client ID|NAME [--org NAME]                  a new secret for a client (the old one stops working); prints it
--world defaults to the world of npm run emulator -- run (${SANDBOX_WORLD_FILE}),
seeded from the emulator's fixture when it does not exist yet.`;

const OPTIONS = {
  world: { type: "string" },
  org: { type: "string" },
  client: { type: "string" },
  role: { type: "string", multiple: true },
  division: { type: "string" },
  name: { type: "string" },
  region: { type: "string" },
  "grant-type": { type: "string" },
  id: { type: "string" },
  deployer: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Which options each command takes, and which of them it needs. */
const COMMANDS: Record<string, { takes: readonly string[]; needs: readonly string[] }> = {
  show: { takes: ["org"], needs: [] },
  "grant-role": { takes: ["client", "role", "division", "org"], needs: ["client", "role"] },
  "revoke-role": { takes: ["client", "role", "division", "org"], needs: ["client", "role"] },
  "create-org": { takes: ["name", "region"], needs: ["name"] },
  "regenerate-secret": { takes: ["client", "org"], needs: ["client"] },
  "create-client": {
    takes: ["org", "name", "role", "division", "grant-type", "id", "deployer"],
    needs: ["org", "name"],
  },
};

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

class UsageError extends Error {}

function single(values: Record<string, unknown>, name: string): string | undefined {
  const value = values[name];
  if (Array.isArray(value)) {
    if (value.length > 1) throw new UsageError(`--${name} may be given once`);
    return value[0] as string | undefined;
  }
  return value as string | undefined;
}

export function main(argv: readonly string[], io: Io): number {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true; strict: true }>
  >;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    io.err(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const [command, ...extra] = positionals;
  const spec = command === undefined ? undefined : COMMANDS[command];
  try {
    if (!spec) throw new UsageError(command === undefined ? "name a command" : `unknown command "${command}"`);
    if (extra.length > 0) throw new UsageError(`${command} takes no arguments besides options; got ${extra.join(" ")}`);
    const given = Object.keys(values).filter((name) => name !== "world");
    const foreign = given.filter((name) => !spec.takes.includes(name));
    if (foreign.length > 0) throw new UsageError(`${command} does not take ${foreign.map((n) => `--${n}`).join(", ")}`);
    const missing = spec.needs.filter((name) => values[name as keyof typeof values] === undefined);
    if (missing.length > 0) throw new UsageError(`${command} needs ${missing.map((n) => `--${n}`).join(", ")}`);

    const worldFile = values.world ? resolve(values.world) : seedSandboxWorld();
    if (!existsSync(worldFile)) throw new UsageError(`--world: no world file ${worldFile}`);
    const v = values as Record<string, unknown>;
    switch (command) {
      case "show":
        io.out(describeWorld(readWorld(worldFile), single(v, "org")));
        return 0;
      case "grant-role":
      case "revoke-role": {
        const request = {
          client: single(v, "client")!,
          role: single(v, "role")!,
          ...(values.division !== undefined ? { division: values.division } : {}),
          ...(values.org !== undefined ? { org: values.org } : {}),
        };
        const result = command === "grant-role" ? grantRole(worldFile, request) : revokeRole(worldFile, request);
        const verb =
          command === "grant-role"
            ? result.changed
              ? "granted"
              : "already held"
            : result.changed
              ? "revoked"
              : "not held";
        io.out(
          `${verb}: role "${result.role}" for OAuth client ${result.client} in "${result.org}", ${result.division}`,
        );
        return 0;
      }
      case "create-org": {
        const org = createOrg(worldFile, { name: values.name!, region: values.region ?? "us-east-1" });
        io.out(`created org "${org.name}" (${org.region}) id ${org.id}, with roles "Master Admin" and "employee"`);
        io.out(
          `next: npm run sandbox -- create-client --org '${org.name}' --name 'Terraform deployer' --role 'Master Admin' --deployer`,
        );
        return 0;
      }
      case "regenerate-secret": {
        const { org, client } = regenerateSecret(worldFile, {
          client: values.client!,
          ...(values.org !== undefined ? { org: values.org } : {}),
        });
        io.out(`new secret for OAuth client "${client.name}" in "${org.name}" (the old one no longer logs in)`);
        io.out(`GENESYSCLOUD_OAUTHCLIENT_ID=${client.id}`);
        io.out(`GENESYSCLOUD_OAUTHCLIENT_SECRET=${client.secret}`);
        return 0;
      }
      case "create-client": {
        const { org, client } = createClient(worldFile, {
          org: values.org!,
          name: values.name!,
          roles: values.role ?? [],
          ...(values.division !== undefined ? { division: values.division } : {}),
          grantType: values["grant-type"] ?? "CLIENT-CREDENTIALS",
          deployer: values.deployer === true,
          ...(values.id !== undefined ? { id: values.id } : {}),
        });
        // Shown once, as the Genesys UI shows a new client's secret; the sandbox's secrets are fake.
        io.out(`created OAuth client "${client.name}" in "${org.name}"`);
        io.out(`GENESYSCLOUD_OAUTHCLIENT_ID=${client.id}`);
        io.out(`GENESYSCLOUD_OAUTHCLIENT_SECRET=${client.secret}`);
        if (values.deployer) io.out(`npm run emulator -- run deploys into "${org.name}" with this client`);
        return 0;
      }
    }
    return 2;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n${USAGE}`);
      return 2;
    }
    if (error instanceof AdminError) {
      io.err(error.message);
      return 1;
    }
    throw error;
  }
}

if (require.main === module) {
  const io: Io = { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) };
  process.exitCode = main(process.argv.slice(2), io);
}
