/** Integration credentials (the provider's `integration_credential_name` makes a `pureCloudOAuthClient` one). */
import { randomUUID } from "node:crypto";
import type { Models } from "purecloud-platform-client-v2";
import { z } from "zod";
import { type ApiCall, routes } from "../context";
import { type IntegrationCredential, nonEmpty, type Shape } from "../../emulator/world";
import { byId, requestBody } from "../http";

const credentialBody = z.strictObject({
  name: z.string().optional(),
  type: z.strictObject({ name: nonEmpty } satisfies Shape<Models.CredentialType>),
  credentialFields: z.record(z.string(), z.string()).default({}),
} satisfies Shape<Models.Credential>);

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
  const body = requestBody(call, "the credential", credentialBody);
  return { name: body.name, credentialTypeName: body.type.name, fields: body.credentialFields };
}

export const integrationRoutes = routes<ApiCall>({
  "POST /api/v2/integrations/credentials"(call) {
    const fields = fieldsOf(call);
    return call.change((org) => {
      const credential: IntegrationCredential = { id: randomUUID(), ...fields };
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
