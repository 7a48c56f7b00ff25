import { KNOWN_SCOPES } from "../genesys/catalog";
import { GrantType } from "../genesys/provider-rules";
import { nearest } from "./suggest";

/**
 * The scope names partners copy from forum answers, none of which Genesys defines, and the Genesys
 * scope that covers what each asks for (README, "Scopes, roles, and why the client gets 403").
 */
export const SCOPE_ALIASES: Readonly<Record<string, string>> = {
  "bot:admin": "textbots",
  "bot:platform": "textbots",
  "analytics:reports:view": "analytics:readonly",
  "user:read": "users:readonly",
};

/** The Genesys scope a configured name stands for: itself when Genesys defines it, its alias, or none. */
export function genesysScope(name: string): string | undefined {
  return KNOWN_SCOPES.has(name) ? name : SCOPE_ALIASES[name];
}

/** Why a configured scope name is refused; undefined when it is a Genesys scope or an alias of one. */
export function unknownScopeProblem(name: string): string | undefined {
  if (genesysScope(name) !== undefined) return undefined;
  const hint = nearest(name, [...KNOWN_SCOPES], true);
  return (
    `is not a Genesys Cloud scope (lib/genesys/catalog/scopes.json) nor one of the names this project maps to one ` +
    `(${Object.keys(SCOPE_ALIASES).join(", ")}); nearest real scope: "${hint}"`
  );
}

/**
 * The `scopes` the client is synthesized with: none for CLIENT-CREDENTIALS (Genesys applies scopes only
 * to clients acting for a user, and the provider's own client-credentials tests send none), otherwise the
 * Genesys scopes the configured names stand for, de-duplicated, in the order first named.
 */
export function synthesizedScopes(grantType: GrantType, configured: readonly string[]): string[] {
  if (grantType === "CLIENT-CREDENTIALS") return [];
  const scopes = configured.map((name) => {
    const scope = genesysScope(name);
    if (scope === undefined) throw new Error(`synthesizedScopes: "${name}" was not validated`);
    return scope;
  });
  return [...new Set(scopes)];
}
