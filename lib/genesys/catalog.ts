import * as permissionCatalog from "./catalog/permissions.json";
import * as scopeCatalog from "./catalog/scopes.json";

/** OAuth scope names Genesys Cloud defines (`all` comes from the security definition, not an operation). */
export const KNOWN_SCOPES: ReadonlySet<string> = new Set([...scopeCatalog.scopes, "all"]);

/** Permissions (`domain:entity:action`) that at least one Platform API operation requires. */
export const KNOWN_PERMISSIONS: ReadonlySet<string> = new Set(permissionCatalog.permissions);
