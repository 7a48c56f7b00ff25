/** `genesyscloud_integration_credential`: the API never returns `fields`, so state keeps them. */
import type { ObjectValue, Value } from "../cty";
import { ApiError, type Diagnostic } from "../diagnostics";
import { type IntegrationCredential, newId } from "../world";
import type { Context, ResourceHandler, StateResult } from "./types";
import { apiCall, readById, str } from "./types";

const TYPE = "genesyscloud_integration_credential";

function fieldsOf(value: Value | undefined): Record<string, string> {
  if (value === null || value === undefined || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string"));
}

/**
 * For a pureCloudOAuthClient credential without clientSecret, the provider fills it in from the
 * clients it created earlier in the same run.
 */
function requestFields(ctx: Context, planned: ObjectValue): Record<string, string> {
  const fields = fieldsOf(planned.fields);
  const clientId = fields.clientId;
  if (str(planned.credential_type_name) === "pureCloudOAuthClient" && clientId && !fields.clientSecret) {
    const secret = ctx.createdSecrets.get(clientId);
    if (secret) fields.clientSecret = secret;
  }
  return fields;
}

function view(credential: IntegrationCredential): ObjectValue {
  return { id: credential.id, name: credential.name ?? null, credential_type_name: credential.credentialTypeName };
}

function create(ctx: Context, planned: ObjectValue): StateResult {
  const credential: IntegrationCredential = {
    id: newId(),
    ...(str(planned.name) ? { name: str(planned.name) } : {}),
    credentialTypeName: str(planned.credential_type_name) ?? "",
    fields: requestFields(ctx, planned),
  };
  ctx.world((_world, org) => org.integrationCredentials.push(credential), true);
  return { state: { ...planned, ...view(credential) }, diagnostics: [] };
}

function update(ctx: Context, prior: ObjectValue, planned: ObjectValue): StateResult {
  const id = str(prior.id) ?? "";
  return apiCall(TYPE, `Failed to update credential ${id}`, () => {
    const credential = ctx.world((_world, org) => {
      const existing = org.integrationCredentials.find((c) => c.id === id);
      if (!existing)
        throw new ApiError(404, `Credential ${id} not found`, "PUT", `/api/v2/integrations/credentials/${id}`);
      existing.name = str(planned.name);
      existing.credentialTypeName = str(planned.credential_type_name) ?? "";
      existing.fields = requestFields(ctx, planned);
      return existing;
    }, true);
    return { state: { ...planned, ...view(credential) }, diagnostics: [] };
  });
}

function remove(ctx: Context, prior: ObjectValue): Diagnostic[] {
  const id = str(prior.id);
  ctx.world((_world, org) => {
    const i = org.integrationCredentials.findIndex((c) => c.id === id);
    if (i >= 0) org.integrationCredentials.splice(i, 1);
  }, true);
  return [];
}

export const integrationCredential: ResourceHandler = {
  forceNew: [],
  validate: () => [],
  create,
  update,
  delete: remove,
  read: readById((org) => org.integrationCredentials, view),
};
