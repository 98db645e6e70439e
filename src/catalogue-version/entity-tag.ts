/**
 * `W/"<opaque>"`. Weak: the same data may go out in other content codings, which a strong tag
 * would have to tell apart.
 */
export const weakEntityTag = (opaque: string): string => `W/"${opaque}"`;

/** What an `If-None-Match` header asks of a representation whose tag is `opaque`. */
export type NoneMatch =
  /** Names the tag (compared weakly: `"x"` and `W/"x"` both name `x`). */
  | 'tag'
  /** `*`: any current representation, so only one that exists. */
  | 'any'
  /** Names other tags, or is no list of entity tags at all. */
  | 'none';

/** Each quoted tag of a list, with or without `W/`; commas and spaces between them are skipped. */
const ENTITY_TAG = /(?:W\/)?"([^"]*)"/g;

/** Reads an `If-None-Match` header (RFC 9110 §13.1.2): `*`, or a comma-separated list of entity tags. */
export function noneMatch(header: string, opaque: string): NoneMatch {
  if (header.trim() === '*') return 'any';
  for (const [, candidate] of header.matchAll(ENTITY_TAG)) if (candidate === opaque) return 'tag';
  return 'none';
}
