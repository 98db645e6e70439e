import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { Database } from 'sqlite3';
import { DataSource, DataSourceOptions, QueryRunner } from 'typeorm';
import { SQLITE_TIMESTAMP, TIMESTAMP } from './column-types';
import { SqliteStatements } from './sqlite-statements';

const immediate = new WeakSet<QueryRunner>();

/**
 * SQLite: transactions begin with the write lock (`BEGIN IMMEDIATE`), waiting for another
 * process's writer within the busy timeout. TypeORM's `BEGIN` takes it at the first write, and
 * the one connection also serves reads outside the transaction: one of those between `BEGIN` and
 * that write leaves the transaction a snapshot that another process's commit makes stale, and the
 * write then fails at once with SQLITE_BUSY.
 */
function beginningImmediately(runner: QueryRunner): QueryRunner {
  if (immediate.has(runner)) return runner;
  immediate.add(runner);
  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  runner.query = ((sql: string, ...rest: unknown[]) =>
    query(
      sql === 'BEGIN TRANSACTION' ? 'BEGIN IMMEDIATE TRANSACTION' : sql,
      ...rest,
    )) as QueryRunner['query'];
  return runner;
}

/**
 * The data source of every process and tool: entities keep one shape on SQLite and PostgreSQL (see
 * TIMESTAMP), and hot reads run as prepared statements on the connections TypeORM holds.
 */
export class AppDataSource extends DataSource {
  private statements?: SqliteStatements;

  constructor(options: DataSourceOptions) {
    super(options);
    if (options.type !== 'sqlite') return;
    // Entity validation and the schema builder ask the driver what a column's type is.
    const normalizeType = this.driver.normalizeType.bind(this.driver);
    this.driver.normalizeType = (column) =>
      column.type === TIMESTAMP ? SQLITE_TIMESTAMP : normalizeType(column);
    const createQueryRunner = this.driver.createQueryRunner.bind(this.driver);
    this.driver.createQueryRunner = (mode) => beginningImmediately(createQueryRunner(mode));
  }

  /**
   * Rows of a read, its statement prepared once and reused: on SQLite statements kept by SQL text
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
    this.statements ??= new SqliteStatements(
      (this.driver as unknown as { databaseConnection: Database }).databaseConnection,
    );
    return this.statements.all<T>(sql, params);
  }

  /** SQLite closes only once every statement is finalized. */
  override async destroy(): Promise<void> {
    const statements = this.statements;
    this.statements = undefined;
    await statements?.close();
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
}
