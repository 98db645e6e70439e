import { AppDataSource } from './app-data-source';
import { databaseConfig } from '../config/database.config';
import { buildDataSourceOptions } from './database-options';

/** For the TypeORM CLI (`npm run migration:*`), configured like the services (env and .env). */
export default new AppDataSource(buildDataSourceOptions(databaseConfig()));
