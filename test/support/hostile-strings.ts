/**
 * Config text an attacker would try in any string field: Terraform interpolations and directives,
 * cdktf token markers (string, list, map and number encodings), escapes and odd characters.
 * Shared by the unit walk over the config schema and the e2e test with real terraform.
 */
export const HOSTILE_STRINGS: readonly string[] = [
  '${file("/proc/self/environ")}',
  "%{ for x in y }${x}%{ endfor }",
  "${TfToken[TOKEN.1]}",
  "${TfToken[TOKEN.99999]}",
  "#{TfToken[TOKEN.2]}",
  "&{TfToken[TOKEN.3]}",
  "-1.8881545897087626e+289",
  "$${escaped} %%{escaped} $$${x} \\${x}",
  'back\\slash "quotes" \\" \\n',
  "ünïcødé ☃ 🚀 ﬁ",
  "${",
  "%{",
];

/** Only where free text may span lines (descriptions). */
export const HOSTILE_MULTILINE: readonly string[] = ["line one\nline two\r\n\ttabbed ${env.HOME}"];
