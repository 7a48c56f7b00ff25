/** Integration credentials (the provider's `integration_credential_name` makes a `pureCloudOAuthClient` one). */
import type { Models } from "purecloud-platform-client-v2";
import type { ApiCall, ApiRoute } from "../context";
import { type IntegrationCredential, type Org, newId, updateWorld } from "../../emulator/world";
import { bodyOf, type Fields, optionalString, requiredString } from "../body";
import { apiError, parseJson } from "../http";

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
  const body = bodyOf<Models.Credential>(
    call.standIn,
    "the credential",
    parseJson(call.request.body),
    CREDENTIAL_FIELDS,
  );
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

function orgIn(world: { orgs: Org[] }, call: ApiCall): Org {
  return world.orgs.find((o) => o.id === call.org.id)!;
}

function notFound(id: string) {
  return apiError(404, "not.found", `Credential ${id} not found.`);
}

export const integrationRoutes: readonly ApiRoute[] = [
  {
    method: "POST",
    path: "/api/v2/integrations/credentials",
    handle(call) {
      const fields = fieldsOf(call);
      return updateWorld(call.standIn.worldFile, (world) => {
        const credential: IntegrationCredential = { id: newId(), ...fields };
        orgIn(world, call).integrationCredentials.push(credential);
        return credentialView(credential);
      });
    },
  },
  {
    method: "GET",
    path: "/api/v2/integrations/credentials/{credentialId}",
    handle({ org, params }) {
      const credential = org.integrationCredentials.find((c) => c.id === params.credentialId);
      if (!credential) throw notFound(params.credentialId!);
      return credentialView(credential);
    },
  },
  {
    method: "PUT",
    path: "/api/v2/integrations/credentials/{credentialId}",
    handle(call) {
      const fields = fieldsOf(call);
      return updateWorld(call.standIn.worldFile, (world) => {
        const credential = orgIn(world, call).integrationCredentials.find((c) => c.id === call.params.credentialId);
        if (!credential) throw notFound(call.params.credentialId!);
        Object.assign(credential, fields);
        return credentialView(credential);
      });
    },
  },
  {
    method: "DELETE",
    path: "/api/v2/integrations/credentials/{credentialId}",
    handle(call) {
      updateWorld(call.standIn.worldFile, (world) => {
        const credentials = orgIn(world, call).integrationCredentials;
        const i = credentials.findIndex((c) => c.id === call.params.credentialId);
        if (i < 0) throw notFound(call.params.credentialId!);
        credentials.splice(i, 1);
      });
      return undefined;
    },
  },
];
