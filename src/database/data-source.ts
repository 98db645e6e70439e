import { DataSource } from 'typeorm';
import { databaseConfig } from '../config/database.config';
import { buildDataSourceOptions } from './database-options';

/** For the TypeORM CLI (`npm run migration:*`): reads `.env` when present, like the services. */
function cliDataSource(): DataSource {
  try {
    process.loadEnvFile();
  } catch {
    // no .env: the environment alone configures the CLI
  }
  return new DataSource(buildDataSourceOptions(databaseConfig()));
}

export default cliDataSource();
