import { EntityManager } from 'typeorm';

const ROWS_PER_STATEMENT = 500;

/** Positional parameter markers in the driver's syntax: `?` (SQLite) or `$1, $2, …` (PostgreSQL). */
export function parameterMarkers(manager: EntityManager): () => string {
  let index = 0;
  return () => manager.connection.driver.createParameter('', index++);
}

/**
 * Multi-row INSERTs in chunks, written directly: TypeORM's insert builder spends more time on its
 * parameters than SQLite spends on the rows. Columns left out take their defaults.
 */
export async function insertRows(
  manager: EntityManager,
  table: string,
  columns: string[],
  rows: unknown[][],
  { ignoreConflicts = false } = {},
): Promise<void> {
  for (const chunk of statementChunks(rows)) {
    const next = parameterMarkers(manager);
    const values = chunk.map((row) => `(${row.map(next).join(', ')})`).join(', ');
    await manager.query(
      `INSERT INTO "${table}" (${columns.map((column) => `"${column}"`).join(', ')}) VALUES ${values}` +
        (ignoreConflicts ? ' ON CONFLICT DO NOTHING' : ''),
      chunk.flat(),
    );
  }
}

/** `items` in slices of at most `ROWS_PER_STATEMENT`, for statements with one row of parameters per item. */
export function* statementChunks<T>(items: T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += ROWS_PER_STATEMENT) yield items.slice(i, i + ROWS_PER_STATEMENT);
}
