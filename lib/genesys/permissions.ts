/** Whether a granted permission (`domain:entity:action`, entity and action may be `*`) covers a wanted one. */
export function permissionCovers(granted: string, wanted: string): boolean {
  const [gDomain, gEntity, gAction] = granted.split(":");
  const [wDomain, wEntity, wAction] = wanted.split(":");
  return gDomain === wDomain && (gEntity === "*" || gEntity === wEntity) && (gAction === "*" || gAction === wAction);
}

export function anyPermissionCovers(granted: readonly string[], wanted: string): boolean {
  return granted.some((permission) => permissionCovers(permission, wanted));
}
