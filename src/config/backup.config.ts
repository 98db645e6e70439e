import { registerAs } from '@nestjs/config';
import { dirname, join } from 'node:path';
import { DEFAULT_DB_PATH } from './database.config';
import { readEnv } from './read-env';

/** `npm run backup`: where SQLite backups go (beside the database, so on its volume), how many stay. */
export const backupConfig = registerAs('backup', () => ({
  dir: readEnv('BACKUP_DIR') ?? join(dirname(readEnv('DB_PATH') ?? DEFAULT_DB_PATH), 'backups'),
  keep: Number(readEnv('BACKUP_KEEP') ?? 7),
}));
