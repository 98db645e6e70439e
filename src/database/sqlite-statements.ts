import type { Database, Statement } from 'sqlite3';

/** How many prepared statements a connection keeps between reads, all SQL texts together. */
const MAX_IDLE = 256;

/**
 * Prepared statements of one node-sqlite3 connection, kept between reads by SQL text. A statement
 * runs one read at a time, its results handed back on the main thread before the next may start,
 * so a text read by several requests at once gets a statement for each; they are kept for the
 * next ones, the least recently used text leaving first.
 */
export class SqliteStatements {
  private readonly idle = new Map<string, Statement[]>();
  private idleCount = 0;
  private readonly reads = new Set<Promise<unknown>>();
  private closed = false;

  constructor(private readonly connection: Database) {}

  all<T>(sql: string, params: unknown[]): Promise<T[]> {
    if (this.closed) return Promise.reject(new Error('The connection is closing'));
    const read = this.read<T>(sql, params);
    this.reads.add(read);
    const forget = () => this.reads.delete(read);
    read.then(forget, forget);
    return read;
  }

  /** Finalizes every statement, once the reads under way are done: SQLite closes only then. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.reads]);
    const statements = [...this.idle.values()].flat();
    this.idle.clear();
    this.idleCount = 0;
    await Promise.all(statements.map(finalize));
  }

  private async read<T>(sql: string, params: unknown[]): Promise<T[]> {
    const statement = this.take(sql) ?? (await this.prepare(sql));
    try {
      return await new Promise<T[]>((resolve, reject) =>
        statement.all(params, (error: Error | null, rows: T[]) => (error ? reject(error) : resolve(rows))),
      );
    } finally {
      this.release(sql, statement);
    }
  }

  private take(sql: string): Statement | undefined {
    const statement = this.idle.get(sql)?.pop();
    if (statement) this.idleCount--;
    return statement;
  }

  /** A statement that fails to prepare is not kept: each read of its text reports the error. */
  private prepare(sql: string): Promise<Statement> {
    return new Promise((resolve, reject) => {
      const statement = this.connection.prepare(sql, (error) => (error ? reject(error) : resolve(statement)));
    });
  }

  private release(sql: string, statement: Statement): void {
    if (this.closed) {
      void finalize(statement);
      return;
    }
    // Moved to the end: the map's order is the order of last use.
    const kept = this.idle.get(sql) ?? [];
    this.idle.delete(sql);
    this.idle.set(sql, kept);
    kept.push(statement);
    this.idleCount++;
    while (this.idleCount > MAX_IDLE) {
      const [oldestSql, oldest] = this.idle.entries().next().value!;
      void finalize(oldest.shift()!);
      this.idleCount--;
      if (oldest.length === 0) this.idle.delete(oldestSql);
    }
  }
}

const finalize = (statement: Statement) => new Promise<void>((done) => statement.finalize(() => done()));
