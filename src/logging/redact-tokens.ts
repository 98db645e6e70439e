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

/** A JSON Web Token (header and payload are base64url JSON objects, so they start `eyJ`). */
const JWT = /eyJ[\w-]*\.eyJ[\w-]*\.[\w-]*/g;

export const REDACTED = '[Redacted]';

/** Whether a query parameter's raw name is a spelling of `token` (see TOKEN_NAME). */
export const isTokenParameter = (name: string): boolean => TOKEN_KEY.test(name);

/** The text with the values of `token` parameters of URLs, and any JWT, replaced by `[Redacted]`. */
export function redactTokens(text: string): string {
  return text.replace(TOKEN_PAIR, `$1${REDACTED}`).replace(JWT, REDACTED);
}

/** A parsed query (`req.query`) with the values of `token` parameters (any spelling) redacted. */
export function redactQuery(query: unknown): unknown {
  if (query === null || typeof query !== 'object') return query;
  return Object.fromEntries(
    Object.entries(query).map(([key, value]) => [key, isTokenParameter(key) ? REDACTED : value]),
  );
}
