/**
 * Reads a string of synthesized Terraform JSON the way Terraform reads it (a template), for the
 * subset the project writes: literal text, the escapes `$${` and `%%{`, constant interpolations of
 * quoted strings (`${"$"}`), references to `self.name` / `self.id` and the org guard's comparisons
 * of them with a quoted string. Anything else that Terraform would evaluate is listed in `evaluated`.
 * Real Terraform reads the same strings in the e2e suite; this keeps the unit tests in-process.
 */
export interface DecodedTemplate {
  /** The template's text; references stay as `${self.name}`, comparisons as `${self.name == …}`. */
  readonly text: string;
  /** Quoted strings that expressions compare with (e.g. the org name of the guard's condition). */
  readonly compared: readonly string[];
  /** Expressions and directives Terraform would evaluate. */
  readonly evaluated: readonly string[];
}

const REFERENCES = new Set(["self.name", "self.id"]);
const COMPARISONS = /^\s*(self\.name|lower\(self\.id\))\s*==\s*"Q"\s*$/;

export function decodeTemplate(source: string): DecodedTemplate {
  const compared: string[] = [];
  const evaluated: string[] = [];
  const [text] = template(source, 0, false, compared, evaluated);
  return { text, compared, evaluated };
}

function template(
  s: string,
  start: number,
  quoted: boolean,
  compared: string[],
  evaluated: string[],
): [string, number] {
  let text = "";
  let i = start;
  while (i < s.length) {
    if (quoted && s[i] === '"') return [text, i + 1];
    if (s.startsWith("$${", i) || s.startsWith("%%{", i)) {
      text += `${s[i]}{`;
      i += 3;
    } else if (s.startsWith("${", i)) {
      const expression = readExpression(s, i + 2, compared, evaluated);
      i = expression.end;
      const raw = expression.raw.trim();
      if (raw === '"Q"') text += expression.quoted[0];
      else if (REFERENCES.has(raw)) text += `\${${raw}}`;
      else if (COMPARISONS.test(raw)) {
        compared.push(expression.quoted[0]);
        text += `\${${raw}}`;
      } else evaluated.push(s.slice(i - expression.raw.length - 3, i));
    } else if (s.startsWith("%{", i)) {
      evaluated.push(s.slice(i, s.indexOf("}", i) + 1 || undefined));
      i += 2;
    } else if (quoted && s[i] === "\\") {
      const escape = s[i + 1];
      const simple: Record<string, string> = { "\\": "\\", '"': '"', n: "\n", r: "\r", t: "\t" };
      if (escape in simple) {
        text += simple[escape];
        i += 2;
      } else if (escape === "u") {
        text += String.fromCharCode(parseInt(s.slice(i + 2, i + 6), 16));
        i += 6;
      } else {
        evaluated.push(`invalid escape \\${escape}`);
        i += 2;
      }
    } else {
      text += s[i];
      i++;
    }
  }
  if (quoted) evaluated.push("unterminated quoted string");
  return [text, i];
}

/** The expression from `start` to its closing brace; quoted strings become "Q" in `raw`. */
function readExpression(
  s: string,
  start: number,
  compared: string[],
  evaluated: string[],
): { raw: string; quoted: string[]; end: number } {
  let raw = "";
  const quoted: string[] = [];
  let i = start;
  while (i < s.length && s[i] !== "}") {
    if (s[i] === '"') {
      const [value, next] = template(s, i + 1, true, compared, evaluated);
      quoted.push(value);
      raw += '"Q"';
      i = next;
    } else {
      raw += s[i];
      i++;
    }
  }
  return { raw, quoted, end: i + 1 };
}
