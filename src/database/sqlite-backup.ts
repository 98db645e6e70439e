import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';

/** `backup-2026-12-03T10-40-00-123Z.sqlite`: the names sort as the times they were taken. */
const BACKUP_NAME = /^backup-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z\.sqlite$/;

/**
 * A consistent copy of the SQLite database at `databasePath` into `dir`, while the API and the
 * worker go on writing: `VACUUM INTO` reads one snapshot (a read transaction, which WAL lets
 * writers work beside) into a new, compact file. Then only the newest `keep` backups stay.
 */
export async function backupSqlite(
  databasePath: string,
  dir: string,
  keep: number,
): Promise<{ file: string; removed: string[] }> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `backup-${new Date().toISOString().replace(/[:.]/g, '-')}.sqlite`);
  await vacuumInto(databasePath, file);
  const backups = readdirSync(dir)
    .filter((name) => BACKUP_NAME.test(name))
    .sort();
  const removed = backups.slice(0, Math.max(0, backups.length - keep));
  for (const name of removed) rmSync(join(dir, name));
  return { file, removed };
}

function vacuumInto(source: string, target: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const database = new sqlite3.Database(source, sqlite3.OPEN_READONLY, (error) => {
      if (error) return reject(error);
      database.configure('busyTimeout', 10_000);
      database.run('VACUUM INTO ?', [target], (failure: Error | null) =>
        database.close(() => (failure ? reject(failure) : resolve())),
      );
    });
  });
}
