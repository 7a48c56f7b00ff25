/**
 * The last guard before the token doctor prints: every piece of `secret` of at least `minimum` characters
 * becomes "[redacted]". The doctor never writes the token itself; this catches a server answer that
 * echoes it (every server response is untrusted).
 */
export const REDACTED = "[redacted]";

export function redact(text: string, secret: string, minimum = 12): string {
  if (secret.length < minimum) return text.split(secret).join(REDACTED);
  let out = "";
  let i = 0;
  while (i < text.length) {
    let end = i + minimum;
    if (end <= text.length && secret.includes(text.slice(i, end))) {
      while (end < text.length && secret.includes(text.slice(i, end + 1))) end++;
      out += REDACTED;
      i = end;
    } else {
      out += text[i];
      i++;
    }
  }
  return out;
}
