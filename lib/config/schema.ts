import { z } from "zod";
import { CLIENT_STATES, GRANT_TYPES, REGIONS, TOKEN_VALIDITY_SECONDS } from "../genesys/provider-rules";
import { unknownScopeProblem } from "./scopes";

/**
 * The one definition of `config/<env>.json`: it gives the TypeScript types (below), the runtime
 * validation (`load.ts`) and `config/config.schema.json` for editors (`npm run config:schema`).
 */

export const DEFAULT_SCOPES = ["bot:admin", "bot:platform", "analytics:reports:view", "user:read"];
export const BOT_SESSION_PERMISSION = "textbots:botFlowSession:execute";
/** Value of a role's `division` that grants it in every division. */
export const ALL_DIVISIONS = "*";

/** Fields that were replaced, with what to write instead (shown instead of "unknown field"). */
export const RETIRED_FIELDS: Readonly<Record<string, string>> = {
  "oauthClient.botSessionRole.grantToClient":
    'replaced by "heldByDeployer". Write "heldByDeployer": true only once an org admin has granted the ' +
    "bot-session role to the deploying OAuth client (the one whose credentials Terraform runs with); until then " +
    'remove the field (README, "First deploy: the role chicken-and-egg")',
};

/** C0 and C1 control characters and bidirectional text controls, which make a name look like another. */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** Free text (descriptions) may hold line breaks and tabs, but no other control character. */
const TEXT_CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** A name: not empty, on one line, without control characters. */
const nonEmpty = () =>
  z
    .string()
    .trim()
    .min(1, { message: "must not be empty" })
    .refine((text) => !CONTROL_CHARACTERS.test(text), {
      message: "must not contain control characters (line breaks, tabs, bidirectional text controls…)",
    });

const text = () =>
  z.string().refine((value) => !TEXT_CONTROL_CHARACTERS.test(value), {
    message: "must not contain control characters other than line breaks and tabs",
  });

const permissionString = z.string().regex(/^[A-Za-z][\w-]*:(\*|[A-Za-z][\w-]*):(\*|[A-Za-z][\w-]*)$/, {
  message: "must be a permission of the form domain:entity:action, e.g. textbots:botFlowSession:execute",
});

const roleGrant = z
  .strictObject({
    name: nonEmpty().describe("Name of an existing role in the org, looked up by exact name."),
    division: nonEmpty()
      .optional()
      .describe(
        'Division to grant the role in: omit for the home division, "*" for all divisions, or a division name.',
      ),
  })
  .describe("An existing role granted to the OAuth client in one division.");

/** Genesys Cloud object ids (OAuth clients, roles) are UUIDs. */
const genesysId = (what: string) => z.guid({ message: `must be the id of ${what} (a UUID)` });

const botSessionRole = z
  .strictObject({
    enabled: z.boolean().default(true).describe("Declare the least-privilege custom role for bot sessions."),
    name: nonEmpty().optional().describe('Name of the custom role. Default: "<oauthClient.name> bot sessions".'),
    description: text().optional().describe("Description of the custom role. Default: a fixed text."),
    permissions: z
      .array(permissionString)
      .min(1, { message: "needs at least one permission" })
      .default([BOT_SESSION_PERMISSION])
      .describe("Permissions (domain:entity:action) the custom role carries."),
    division: nonEmpty()
      .optional()
      .describe('Division of the grant: omit for the home division, "*" for all, or a division name.'),
    heldByDeployer: z
      .boolean()
      .default(false)
      .describe(
        "The deploying OAuth client already holds this role (an org admin granted it after the first deploy). " +
          "Genesys only lets a client grant roles it holds itself, so only then is the role granted to the partner " +
          "client; a CLIENT-CREDENTIALS client with no other role is declared only then.",
      ),
    adoptId: genesysId("an existing role")
      .optional()
      .describe(
        "Id of an existing role of this name (made by hand) to bring under the stack with a Terraform import " +
          'instead of creating a new one (docs/multi-tenant.md, "Adopting an existing client").',
      ),
  })
  .describe("Custom role that lets the client start bot sessions (textbots:botFlowSession:execute).");

const oauthClient = z
  .strictObject({
    name: nonEmpty().describe("Name of the partner OAuth client in Genesys Cloud."),
    description: text().optional().describe("Description of the OAuth client (may span lines)."),
    grantType: z.enum(GRANT_TYPES).default("CLIENT-CREDENTIALS").describe("OAuth grant type of the client."),
    scopes: z
      .array(nonEmpty())
      .default(DEFAULT_SCOPES)
      .describe(
        "Scopes requested by the client: Genesys scope names or bot:admin, bot:platform, analytics:reports:view, " +
          "user:read (mapped to textbots, analytics:readonly, users:readonly). Not sent for CLIENT-CREDENTIALS clients.",
      ),
    redirectUris: z
      .array(
        z
          .url({ message: "must be an absolute URL" })
          .refine((url) => !CONTROL_CHARACTERS.test(url), { message: "must not contain control characters" }),
      )
      .optional()
      .describe("Registered redirect URIs (CODE and TOKEN grants)."),
    accessTokenValiditySeconds: z
      .number()
      .int({ message: "must be a whole number of seconds" })
      .min(TOKEN_VALIDITY_SECONDS.min)
      .max(TOKEN_VALIDITY_SECONDS.max)
      .default(TOKEN_VALIDITY_SECONDS.default)
      .describe("Lifetime of issued access tokens, in seconds."),
    state: z.enum(CLIENT_STATES).default("active").describe("Whether the client may get tokens."),
    exposeSecret: z
      .boolean()
      .default(false)
      .describe(
        "Expose the client secret as the sensitive output oauth_client_secret (it is then kept in state). Genesys " +
          "returns a secret only when the client is created, so set it before the client's first deploy.",
      ),
    preventDestroy: z
      .boolean()
      .default(false)
      .describe("Refuse any plan that would destroy the OAuth client (and the custom role)."),
    adoptId: genesysId("an existing OAuth client")
      .optional()
      .describe(
        "Id of an existing OAuth client (made by hand) to bring under the stack with a Terraform import, keeping " +
          'its id, instead of creating a new one (docs/multi-tenant.md, "Adopting an existing client").',
      ),
    roles: z
      .array(roleGrant)
      .default([])
      .describe("Existing roles granted to the client; the deploying client must hold each of them."),
    botSessionRole: botSessionRole.default({
      enabled: true,
      permissions: [BOT_SESSION_PERMISSION],
      heldByDeployer: false,
    }),
  })
  .superRefine((client, ctx) => {
    client.scopes.forEach((scope, index) => {
      const problem = unknownScopeProblem(scope);
      if (problem) ctx.addIssue({ code: "custom", path: ["scopes", index], message: problem });
    });
    if (client.grantType === "CLIENT-CREDENTIALS" && client.roles.length === 0 && !client.botSessionRole.enabled) {
      ctx.addIssue({
        code: "custom",
        path: ["roles"],
        message:
          "a CLIENT-CREDENTIALS client is authorized only by its roles and Genesys requires it to have one, but " +
          "oauthClient.roles is empty and oauthClient.botSessionRole.enabled is false. List a role the deploying " +
          "client holds in oauthClient.roles, or enable oauthClient.botSessionRole (the default)",
      });
    }
    if (client.grantType === "CODE" && (client.redirectUris ?? []).length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["redirectUris"],
        message:
          "must list at least one redirect URI for a CODE client: the sign-in (authorization code, with or without " +
          "PKCE) sends the user back to one of them, e.g. https://app.example.com/oauth/callback",
      });
    }
    if (client.grantType !== "CLIENT-CREDENTIALS" && client.scopes.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["scopes"],
        message: `must list at least one scope: Genesys requires scopes for ${client.grantType} clients`,
      });
    }
  });

const localBackend = z.strictObject({
  type: z.literal("local"),
  path: nonEmpty().optional().describe("State file, relative to the project root. Default: terraform.<env>.tfstate."),
  allowOutsideProject: z
    .boolean()
    .optional()
    .describe("Set to true to keep the state file outside the project (path absolute or leading out with ..)."),
});

const s3Backend = z.strictObject({
  type: z.literal("s3"),
  bucket: nonEmpty().describe("S3 bucket holding the state."),
  key: nonEmpty().optional().describe("Default: genesys-partner-oauth/<env>.tfstate."),
  region: nonEmpty().describe("AWS region of the bucket."),
  dynamodbTable: nonEmpty().optional().describe("DynamoDB table for Terraform's state lock."),
  encrypt: z.boolean().default(true).describe("Encrypt the state at rest."),
});

/** Terraform's `remote` backend and HCP Terraform's `cloud` block take the same settings. */
const workspaceBackend = <T extends "remote" | "cloud">(type: T) =>
  z.strictObject({
    type: z.literal(type),
    hostname: nonEmpty().optional().describe("Terraform Enterprise host. Default: app.terraform.io."),
    organization: nonEmpty().describe("HCP Terraform organization."),
    workspace: nonEmpty().describe("Workspace holding this environment's state."),
  });

const backend = z
  .discriminatedUnion("type", [localBackend, s3Backend, workspaceBackend("remote"), workspaceBackend("cloud")])
  .describe("Where this environment's Terraform state lives. Credentials for it come from the environment.");

export const environmentFileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    region: z.enum(REGIONS).describe("Genesys Cloud region of the org (the provider's aws_region)."),
    organization: z
      .strictObject({
        name: nonEmpty().describe(
          "Name of the org this environment must deploy into; the org guard fails the plan for any other.",
        ),
        id: z
          .guid({ message: "must be a Genesys Cloud organization ID (a UUID)" })
          .optional()
          .describe("ID of that org (output organization_id of a first deploy); pins the org guard to it as well."),
      })
      .describe("The Genesys Cloud org this environment deploys into."),
    oauthClient: oauthClient.describe("The partner OAuth client this environment deploys."),
    backend: backend.default({ type: "local" }),
    promotionOrder: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe("Position in the dev → prod promotion path (lower deploys first)."),
  })
  .describe("One Genesys Cloud environment: one cdktf stack.");

/** How the deploys into a customer's org get their Genesys credentials (docs/multi-tenant.md lists what each needs). */
export const CUSTOMER_CREDENTIALS = ["deployer-client", "admin-token"] as const;
export type CustomerCredentials = (typeof CUSTOMER_CREDENTIALS)[number];
/** Where the customer client's secret goes. */
export const SECRET_DELIVERIES = ["secret-sink", "integration-credential"] as const;
export type SecretDelivery = (typeof SECRET_DELIVERIES)[number];

const customerSettings = z
  .strictObject({
    credentials: z
      .enum(CUSTOMER_CREDENTIALS)
      .default("deployer-client")
      .describe(
        '"deployer-client": a CLIENT-CREDENTIALS client the customer\'s admin created for the partner in the ' +
          "customer's org; \"admin-token\": the admin's own user token (GENESYSCLOUD_ACCESS_TOKEN) in a run the admin starts.",
      ),
    secretDelivery: z
      .enum(SECRET_DELIVERIES)
      .describe(
        "\"secret-sink\": the partner's secret sink, keyed by the customer's org id (output organization_id); " +
          '"integration-credential": a pureCloudOAuthClient integration credential in the customer\'s org.',
      ),
    integrationCredentialName: nonEmpty()
      .optional()
      .describe('Name of that integration credential. Default: "<oauthClient.name> credentials".'),
  })
  .describe("What a customer org needs beyond an environment's settings.");

/**
 * `customers/<name>.json`: one customer's org, deployed as its own stack `customer-<name>` with its own
 * state. The environment schema without the promotion path (customers are rolled out after prod from the
 * same artifact, never promoted through), plus `customer`.
 */
export const customerFileSchema = environmentFileSchema
  .omit({ promotionOrder: true })
  .extend({ customer: customerSettings })
  .superRefine((file, ctx) => {
    if (
      file.customer.integrationCredentialName !== undefined &&
      file.customer.secretDelivery !== "integration-credential"
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["customer", "integrationCredentialName"],
        message: 'only applies when customer.secretDelivery is "integration-credential"',
      });
    }
    if (file.oauthClient.grantType !== "CLIENT-CREDENTIALS") {
      ctx.addIssue({
        code: "custom",
        path: ["oauthClient", "grantType"],
        message:
          `a customer org gets a CLIENT-CREDENTIALS client (a client acts only in its own org); a ` +
          `${file.oauthClient.grantType} client is declared once, in the partner's org (config/<env>.json), and ` +
          `serves the signed-in users of every org (docs/multi-tenant.md)`,
      });
    }
  })
  .describe("One customer's Genesys Cloud org: one cdktf stack customer-<name>.");

export type CustomerFile = z.output<typeof customerFileSchema>;
export type CustomerSettings = CustomerFile["customer"];

export type EnvironmentFile = z.output<typeof environmentFileSchema>;
export type EnvironmentFileInput = z.input<typeof environmentFileSchema>;
export type OAuthClientConfig = EnvironmentFile["oauthClient"];
export type RoleGrantConfig = OAuthClientConfig["roles"][number];
export type BotSessionRoleConfig = OAuthClientConfig["botSessionRole"];
type BackendFile = EnvironmentFile["backend"];

/** A backend with its defaults filled in: an absolute local state path, an S3 key. */
export type BackendConfig =
  | (Extract<BackendFile, { type: "local" }> & { readonly path: string })
  | (Extract<BackendFile, { type: "s3" }> & { readonly key: string })
  | Extract<BackendFile, { type: "remote" | "cloud" }>;

/** A validated environment: its file's content plus where it came from. */
export interface EnvironmentConfig extends Omit<EnvironmentFile, "backend"> {
  readonly backend: BackendConfig;
  /** Environment and stack name: the config file name without `.json`. */
  readonly name: string;
  /** Path of the config file, relative to the project root when inside it. */
  readonly file: string;
  /** Whether the file lists `oauthClient.scopes` itself (false: the defaults were used). */
  readonly scopesWritten: boolean;
  /** Whether the file writes `oauthClient.botSessionRole` itself (false: the defaults were used). */
  readonly botSessionRoleWritten: boolean;
  /** Set for a customer org (`customers/<name>.json`, stack `customer-<name>`); absent for an environment. */
  readonly customer?: CustomerSettings;
}
