/**
 * The one place where config text becomes Terraform text. Config files arrive through pull requests,
 * so their strings must reach Terraform as literals: never a Terraform interpolation (`${…}`), never
 * a template directive (`%{…}`), never a cdktf token. Every construct passes every config string
 * through `terraformLiteral` (or `terraformQuotedString` inside an expression); a string built from
 * config text must be escaped as a whole and never concatenated with a cdktf token.
 *
 * cdktf resolves every string it synthesizes (cdktf/lib/tokens/private/encoding.js and resolve.js):
 * it replaces `${TfToken[KEY]}` by the token KEY (or throws on an unknown key), throws on a list
 * token marker `#{TfToken[…]}`, and replaces a number that looks like an encoded number token (a run
 * of `-|0-9.+`, an `e`, more of them, e.g. `-1.8881545897087626e+289`) by that token. Terraform then
 * reads every string of the JSON as a template. Terraform's escapes (`$${`, `%%{`) are not enough
 * for cdktf, since `$${TfToken[…]}` still holds a marker, so one character of what would look like a
 * marker is written as a constant interpolation, `${"$"}`, `${"{"}` or `${"e"}`: Terraform turns it
 * back into that character and cdktf no longer sees a marker.
 */

const MARKER_SIGILS = new Set(["$", "#", "&"]);
const MARKER_BODY = "{TfToken[";
/** cdktf's NUMBER_TOKEN_REGEX: characters before the `e` of a number token, and after it. */
const BEFORE_EXPONENT = /[-|\d.+]/;
const AFTER_EXPONENT = /[-|\d.eE+]/;

/** A Terraform template that yields exactly `text` (a string attribute of the Terraform JSON). */
export function terraformLiteral(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const character = text[i];
    const next = text[i + 1];
    if (MARKER_SIGILS.has(character) && text.startsWith(MARKER_BODY, i + 1)) {
      out += character === "$" ? '${"$"}{' : `${character}\${"{"}`;
      i++;
    } else if ((character === "$" || character === "%") && next === "{") {
      out += `${character}${character}{`;
      i++;
    } else if (
      character === "e" &&
      BEFORE_EXPONENT.test(out[out.length - 1] ?? "") &&
      AFTER_EXPONENT.test(next ?? "")
    ) {
      out += '${"e"}';
    } else {
      out += character;
    }
  }
  return out;
}

/**
 * A quoted HCL string expression (quotes included) that yields exactly `text`, for use inside a
 * Terraform expression such as a lifecycle condition.
 */
export function terraformQuotedString(text: string): string {
  const escaped = text.replace(/[\\"\u0000-\u001f\u007f]/g, (character) => {
    switch (character) {
      case "\\":
        return "\\\\";
      case '"':
        return '\\"';
      case "\n":
        return "\\n";
      case "\r":
        return "\\r";
      case "\t":
        return "\\t";
      default:
        // Upper-case hex: a lower-case `e` after digits could read as a cdktf number token.
        return `\\u${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
    }
  });
  return `"${terraformLiteral(escaped)}"`;
}

/** `terraformLiteral` of an optional field; undefined stays undefined (the attribute is left out). */
export function optionalTerraformLiteral(text: string | undefined): string | undefined {
  return text === undefined ? undefined : terraformLiteral(text);
}
