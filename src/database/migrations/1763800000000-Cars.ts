import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { TIMESTAMP } from '../column-types';

export class Cars1763800000000 implements MigrationInterface {
  name = 'Cars1763800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Timestamp columns as the entities declare them, in the words of this database's driver.
    const { driver } = queryRunner.connection;
    const timestamp = driver.normalizeType({ type: TIMESTAMP });
    const now = driver.mappedDataTypes.createDateDefault;
    // A column default is SQL text, and no literal for false reads back the same on both: SQLite
    // keeps booleans as 0 and 1 (the entities' default there), PostgreSQL has `false`.
    const no = queryRunner.connection.options.type === 'sqlite' ? '0' : 'false';

    await queryRunner.createTable(
      new Table({
        name: 'cars',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'make', type: 'varchar', length: '64' },
          { name: 'model', type: 'varchar', length: '128' },
          { name: 'year', type: 'integer' },
          { name: 'category', type: 'varchar', length: '64', isNullable: true },
          { name: 'source', type: 'varchar', length: '8', default: "'manual'" },
          { name: 'external_id', type: 'varchar', length: '32', isNullable: true },
          { name: 'removed_at', type: timestamp, isNullable: true },
          { name: 'created_by_id', type: 'integer', isNullable: true },
          { name: 'created_at', type: timestamp, default: now },
          { name: 'updated_at', type: timestamp, default: now },
        ],
        foreignKeys: [
          {
            name: 'FK_f74a7254ad6b852d48de0e0558a',
            columnNames: ['created_by_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
            onUpdate: 'NO ACTION',
          },
        ],
        indices: [
          { name: 'IDX_cars_year', columnNames: ['year'] },
          { name: 'UQ_cars_external_id', columnNames: ['external_id'], isUnique: true },
          { name: 'IDX_cars_created_at', columnNames: ['created_at'] },
        ],
      }),
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_cars_make_model_year" ON "cars" (lower("make"), lower("model"), "year")`,
    );

    await queryRunner.createTable(
      new Table({
        name: 'sync_runs',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'job_id', type: 'varchar', length: '64' },
          { name: 'trigger', type: 'varchar', length: '16' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'full_pass', type: 'boolean', default: no },
          { name: 'started_at', type: timestamp },
          { name: 'finished_at', type: timestamp, isNullable: true },
          { name: 'fetched', type: 'integer', default: 0 },
          { name: 'inserted', type: 'integer', default: 0 },
          { name: 'updated', type: 'integer', default: 0 },
          { name: 'unchanged', type: 'integer', default: 0 },
          { name: 'failed', type: 'integer', default: 0 },
          { name: 'removed', type: 'integer', default: 0 },
          { name: 'error', type: 'varchar', length: '1000', isNullable: true },
        ],
        indices: [{ name: 'IDX_sync_runs_job_id', columnNames: ['job_id'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'sync_state',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'cursor_updated_at', type: 'varchar', length: '32', isNullable: true },
          { name: 'runs_since_full_pass', type: 'integer', default: 0 },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'sync_seen',
        columns: [
          { name: 'run_id', type: 'integer', isPrimary: true },
          { name: 'external_id', type: 'varchar', length: '32', isPrimary: true },
        ],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('sync_seen');
    await queryRunner.dropTable('sync_state');
    await queryRunner.dropTable('sync_runs');
    await queryRunner.dropTable('cars');
  }
}
