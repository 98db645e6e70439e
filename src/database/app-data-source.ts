import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { Database, Statement } from 'sqlite3';
import { DataSource, DataSourceOptions } from 'typeorm';
import { SQLITE_TIMESTAMP, TIMESTAMP } from './column-types';

/** How many distinct prepared statements a SQLite connection keeps (one per SQL text). */
const MAX_PREPARED = 256;

/**
 * The data source of every process and tool: entities keep one shape on SQLite and PostgreSQL (see
 * TIMESTAMP), and hot reads run as prepared statements on the connections TypeORM holds.
 */
export class AppDataSource extends DataSource {
  private readonly prepared = new Map<string, Promise<Statement>>();

  constructor(options: DataSourceOptions) {
    super(options);
    if (options.type !== 'sqlite') return;
    // Entity validation and the schema builder ask the driver what a column's type is.
    const normalizeType = this.driver.normalizeType.bind(this.driver);
    this.driver.normalizeType = (column) =>
      column.type === TIMESTAMP ? SQLITE_TIMESTAMP : normalizeType(column);
  }

  /**
   * Rows of a read, its statement prepared once and reused: on SQLite a statement kept per SQL text
   * (node-sqlite3 otherwise prepares and finalizes each query), on PostgreSQL a named statement that
   * each pooled connection prepares on first use. For reads outside a transaction: the pool may hand
   * PostgreSQL's query to any connection.
   */
  queryPrepared<T>(sql: string, params: unknown[]): Promise<T[]> {
    if (this.options.type === 'postgres') {
      const pool = (this.driver as unknown as { master: Pool }).master;
      const name = createHash('sha1').update(sql).digest('base64url');
      return pool.query({ name, text: sql, values: params }).then((result) => result.rows as T[]);
    }
    if (this.options.type !== 'sqlite') return this.query(sql, params);
    return this.statement(sql).then(
      (statement) =>
        new Promise((resolve, reject) =>
          statement.all(params, (error: Error | null, rows: T[]) => (error ? reject(error) : resolve(rows))),
        ),
    );
  }

  /** SQLite closes only once every statement is finalized. */
  override async destroy(): Promise<void> {
    const statements = [...this.prepared.values()];
    this.prepared.clear();
    await Promise.all(statements.map((prepared) => prepared.then(finalize, () => undefined)));
    return super.destroy();
  }

  /** Reading and writing values goes by the column's own type: on SQLite, the one it really has. */
  protected override async buildMetadatas(): Promise<void> {
    await super.buildMetadatas();
    if (this.options.type !== 'sqlite') return;
    for (const entity of this.entityMetadatas) {
      for (const column of entity.columns) if (column.type === TIMESTAMP) column.type = SQLITE_TIMESTAMP;
    }
  }

  private statement(sql: string): Promise<Statement> {
    const kept = this.prepared.get(sql);
    if (kept) return kept;
    if (this.prepared.size >= MAX_PREPARED) {
      const [oldestSql, oldest] = this.prepared.entries().next().value!;
      this.prepared.delete(oldestSql);
      // Finalizing waits for the runs already queued on it.
      void oldest.then(finalize, () => undefined);
    }
    const connection = (this.driver as unknown as { databaseConnection: Database }).databaseConnection;
    const prepared = new Promise<Statement>((resolve, reject) => {
      const statement = connection.prepare(sql, (error) => (error ? reject(error) : resolve(statement)));
    });
    this.prepared.set(sql, prepared);
    // A statement that fails to prepare is not kept: the next run tries again and reports anew.
    prepared.catch(() => this.prepared.delete(sql));
    return prepared;
  }
}

const finalize = (statement: Statement) => new Promise<void>((done) => statement.finalize(() => done()));
