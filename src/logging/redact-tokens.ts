/**
 * The name `token` as it may be spelled in a query string: any letter percent-encoded, in any
 * case (`token`, `TOKEN`, `%74oken`, `%54%4fKEN`), possibly with brackets (`token[]`): URL
 * parsers read each of them as a `token` parameter, so each of them is redacted.
 */
const TOKEN_NAME =
  '(?:t|%74|%54)(?:o|%6f|%4f)(?:k|%6b|%4b)(?:e|%65|%45)(?:n|%6e|%4e)(?:(?:\\[|%5b)[^=&#"\\s]*)?';

/** A query key that is a spelling of `token` (Express has decoded keys once already). */
const TOKEN_KEY = new RegExp(`^${TOKEN_NAME}$`, 'i');

/** A `token=value` pair in a URL anywhere in a text; the value ends where the pair ends. */
const TOKEN_PAIR = new RegExp(`([?&;]${TOKEN_NAME}=)[^&#"\\s]*`, 'gi');

/** A run of the characters a JWT is made of (base64url and its dots). */
const TOKEN_CHARACTERS = /[\w.-]+/g;

/**
 * The run with any JSON Web Token in it redacted: three dot-separated parts, the first two base64url
 * JSON objects (so starting `eyJ`). Parts are looked at once each, so the time is linear in the run
 * (a regular expression for it would backtrack on `eyJeyJeyJ…`, which any client may put in a URL).
 */
function redactJwtsOfRun(run: string): string {
  const parts = run.split('.');
  for (let i = 0; i + 2 < parts.length; i++) {
    const start = parts[i].indexOf('eyJ');
    if (start >= 0 && parts[i + 1].startsWith('eyJ')) {
      parts.splice(i, 3, parts[i].slice(0, start) + REDACTED);
    }
  }
  return parts.join('.');
}

export const REDACTED = '[Redacted]';

/** Whether a query parameter's raw name is a spelling of `token` (see TOKEN_NAME). */
export const isTokenParameter = (name: string): boolean => TOKEN_KEY.test(name);

/**
 * The text with the values of `token` parameters of URLs, and any JWT, replaced by `[Redacted]`.
 * Runs on every log line: a pass is skipped when the text lacks what each of its matches holds
 * (a parameter its `=`, a JWT `eyJ`), as most lines do.
 */
export function redactTokens(text: string): string {
  const pairsRedacted = text.includes('=') ? text.replace(TOKEN_PAIR, `$1${REDACTED}`) : text;
  return pairsRedacted.includes('eyJ')
    ? pairsRedacted.replace(TOKEN_CHARACTERS, redactJwtsOfRun)
    : pairsRedacted;
}
