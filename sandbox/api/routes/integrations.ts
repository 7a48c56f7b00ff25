/** Integration credentials (the provider's `integration_credential_name` makes a `pureCloudOAuthClient` one). */
import type { Models } from "purecloud-platform-client-v2";
import { type ApiCall, routes } from "../context";
import { type IntegrationCredential, newId } from "../../emulator/world";
import { bodyOf, requestBody, type Fields, optionalString, requiredString } from "../body";
import { apiError, byId } from "../http";

const CREDENTIAL_FIELDS: Fields<Models.Credential> = ["name", "type", "credentialFields"];
const TYPE_FIELDS: Fields<Models.CredentialType> = ["name"];

/** Reads never return a credential's fields (they hold secrets): the sandbox's choice, the API's is unknown. */
function credentialView(credential: IntegrationCredential): Models.CredentialInfo {
  return {
    id: credential.id,
    name: credential.name,
    type: { name: credential.credentialTypeName },
    selfUri: `/api/v2/integrations/credentials/${credential.id}`,
  };
}

function fieldsOf(call: ApiCall): Omit<IntegrationCredential, "id"> {
  const body = requestBody<Models.Credential>(call, "the credential", CREDENTIAL_FIELDS);
  const type = bodyOf<Models.CredentialType>(call.standIn, "the credential's type", body.type, TYPE_FIELDS);
  const fields = body.credentialFields ?? {};
  if (typeof fields !== "object" || Object.values(fields).some((v) => typeof v !== "string")) {
    throw apiError(400, "bad.request", "credentialFields must map names to strings.");
  }
  return {
    name: optionalString(body.name, "name"),
    credentialTypeName: requiredString(type.name, "type.name"),
    fields: { ...fields },
  };
}

export const integrationRoutes = routes<ApiCall>({
  "POST /api/v2/integrations/credentials"(call) {
    const fields = fieldsOf(call);
    return call.change((org) => {
      const credential: IntegrationCredential = { id: newId(), ...fields };
      org.integrationCredentials.push(credential);
      return credentialView(credential);
    });
  },
  "GET /api/v2/integrations/credentials/{credentialId}": ({ org, params }) =>
    credentialView(byId(org.integrationCredentials, params.credentialId, "Credential")),
  "PUT /api/v2/integrations/credentials/{credentialId}"(call) {
    const fields = fieldsOf(call);
    return call.change((org) => {
      const credential = byId(org.integrationCredentials, call.params.credentialId, "Credential");
      Object.assign(credential, fields);
      return credentialView(credential);
    });
  },
  "DELETE /api/v2/integrations/credentials/{credentialId}"(call) {
    call.change(({ integrationCredentials: all }) => {
      all.splice(all.indexOf(byId(all, call.params.credentialId, "Credential")), 1);
    });
    return undefined;
  },
});
