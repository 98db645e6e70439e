/**
 * A `LIKE` pattern matching `text` anywhere, lower-cased for `LOWER(column) LIKE :pattern
 * ESCAPE '\'`, with the user's `%`, `_` and `\` taken literally.
 */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}
