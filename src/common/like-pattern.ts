/**
 * A `LIKE` pattern matching `text` anywhere, for `LOWER(column) LIKE LOWER(:pattern)
 * ESCAPE '\'`, with the user's `%`, `_` and `\` taken literally.
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}
