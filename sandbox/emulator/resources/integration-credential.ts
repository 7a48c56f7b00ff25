/** `genesyscloud_integration_credential`: the API never returns `fields`, so state keeps them. */
import type { Models } from "purecloud-platform-client-v2";
import type { ObjectValue, Value } from "../cty";
import type { Diagnostic } from "../diagnostics";
import type { IntegrationCredential } from "../world";
import { type Context, type ResourceHandler, type StateResult, apiCall, ignoreNotFound, readById, str } from "./types";

const TYPE = "genesyscloud_integration_credential";
const CREDENTIALS_PATH = "/api/v2/integrations/credentials";

function fieldsOf(value: Value | undefined): Record<string, string> {
  if (value === null || value === undefined || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string"));
}

function view(credential: IntegrationCredential): ObjectValue {
  return { id: credential.id, name: credential.name ?? null, credential_type_name: credential.credentialTypeName };
}

const read = readById((org) => org.integrationCredentials, view);

/**
 * The body of a create or update. For a pureCloudOAuthClient credential without clientSecret, the provider fills
 * it in from the clients it created earlier in the same run.
 */
function requestBody(ctx: Context, planned: ObjectValue): Models.Credential {
  const type = str(planned.credential_type_name) ?? "";
  const fields = fieldsOf(planned.fields);
  const secret = fields.clientId && ctx.createdSecrets.get(fields.clientId);
  if (type === "pureCloudOAuthClient" && secret && !fields.clientSecret) fields.clientSecret = secret;
  return { name: str(planned.name), type: { name: type }, credentialFields: fields } as Models.Credential;
}

function create(ctx: Context, planned: ObjectValue): StateResult {
  return apiCall(TYPE, `Failed to create credential ${str(planned.name) ?? ""}`, () => {
    const { id } = ctx.api<Models.CredentialInfo>("POST", CREDENTIALS_PATH, requestBody(ctx, planned));
    return { state: { ...planned, ...read(ctx, { id: id! }) }, diagnostics: [] };
  });
}

function update(ctx: Context, prior: ObjectValue, planned: ObjectValue): StateResult {
  const id = str(prior.id) ?? "";
  return apiCall(TYPE, `Failed to update credential ${id}`, () => {
    ctx.api("PUT", `${CREDENTIALS_PATH}/${id}`, requestBody(ctx, planned));
    return { state: { ...planned, ...read(ctx, { id }) }, diagnostics: [] };
  });
}

function remove(ctx: Context, prior: ObjectValue): Diagnostic[] {
  const id = str(prior.id) ?? "";
  const calls = () => ignoreNotFound(() => ctx.api("DELETE", `${CREDENTIALS_PATH}/${id}`));
  return apiCall(TYPE, `Failed to delete credential ${id}`, calls).diagnostics;
}

export const integrationCredential: ResourceHandler = {
  forceNew: [],
  validate: () => [],
  create,
  update,
  delete: remove,
  read,
};
