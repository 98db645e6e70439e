import { AppDataSource } from './app-data-source';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { databaseConfig } from '../config/database.config';
import { buildDataSourceOptions } from './database-options';
import { TransactionsService } from './transactions.service';

@Global()
@Module({})
export class DatabaseModule {
  /**
   * The data source of a process. The API brings the schema up to date at start
   * (`runMigrations`); the worker waits for it instead (see `waitForSchema`), so two processes
   * never race to apply the same migration.
   */
  static forRoot({ runMigrations }: { runMigrations: boolean }): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [databaseConfig.KEY],
          useFactory: (config: ConfigType<typeof databaseConfig>) => ({
            ...buildDataSourceOptions(config),
            migrationsRun: runMigrations,
          }),
          dataSourceFactory: async (options) => {
            const dataSource = await new AppDataSource(options!).initialize();
            // With WAL, NORMAL syncs at checkpoints rather than at every commit: a crash of the
            // process loses nothing, a power cut may lose the last commits (SQLite's advice for WAL).
            if (dataSource.options.type === 'sqlite') await dataSource.query('PRAGMA synchronous = NORMAL');
            return dataSource;
          },
        }),
      ],
      providers: [TransactionsService],
      exports: [TransactionsService],
    };
  }
}
