import { Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { AppConfigModule, backupConfig, databaseConfig } from './config';
import { backupSqlite } from './database/sqlite-backup';

@Module({ imports: [AppConfigModule] })
class BackupModule {}

/**
 * `npm run backup`: a consistent copy of the SQLite database, taken while the API and the worker
 * run, into BACKUP_DIR (default: `backups/` beside DB_PATH), keeping the newest BACKUP_KEEP.
 * PostgreSQL has its own tools (pg_dump, see README).
 */
async function backup(): Promise<void> {
  const context = await NestFactory.createApplicationContext(BackupModule, { logger: ['error'] });
  const config = context.get<ConfigType<typeof databaseConfig>>(databaseConfig.KEY);
  const { dir, keep } = context.get<ConfigType<typeof backupConfig>>(backupConfig.KEY);
  await context.close();
  if (config.type !== 'sqlite') {
    console.error('DB_TYPE=postgres: back up with pg_dump (see README, "Backups")');
    process.exitCode = 2;
    return;
  }
  const { file, removed } = await backupSqlite(config.path, dir, keep);
  console.log(`Backup written to ${file}${removed.length > 0 ? `; removed ${removed.join(', ')}` : ''}`);
}

void backup();
