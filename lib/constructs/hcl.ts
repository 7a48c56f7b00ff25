/** Escapes text for use inside a quoted Terraform template string, so user text is never evaluated. */
export function hclString(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/\$\{/g, () => "$${")
    .replace(/%\{/g, () => "%%{");
}
