import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { TIMESTAMP } from '../column-types';

export class Initial1763700000000 implements MigrationInterface {
  name = 'Initial1763700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Timestamp columns as the entities declare them, in the words of this database's driver.
    const { driver } = queryRunner.connection;
    const timestamp = driver.normalizeType({ type: TIMESTAMP });
    const now = driver.mappedDataTypes.createDateDefault;

    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'username', type: 'varchar', length: '32' },
          { name: 'email', type: 'varchar', length: '254' },
          { name: 'password_hash', type: 'varchar', length: '255' },
          { name: 'role', type: 'varchar', length: '16', default: "'user'" },
          { name: 'display_name', type: 'varchar', length: '64', isNullable: true },
          { name: 'phone', type: 'varchar', length: '32', isNullable: true },
          { name: 'address', type: 'varchar', length: '255', isNullable: true },
          { name: 'created_at', type: timestamp, default: now },
          { name: 'updated_at', type: timestamp, default: now },
        ],
        indices: [{ name: 'IDX_97672ac88f789774dd47f7c8be', columnNames: ['email'], isUnique: true }],
      }),
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_users_username_lower" ON "users" (lower("username"))`);

    await queryRunner.createTable(
      new Table({
        name: 'sessions',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'user_id', type: 'integer' },
          { name: 'user_agent', type: 'varchar', length: '255', isNullable: true },
          { name: 'ip', type: 'varchar', length: '64', isNullable: true },
          { name: 'created_at', type: timestamp, default: now },
          { name: 'last_used_at', type: timestamp },
          { name: 'expires_at', type: timestamp },
          { name: 'revoked_at', type: timestamp, isNullable: true },
        ],
        foreignKeys: [
          {
            name: 'FK_085d540d9f418cfbdc7bd55bb19',
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
        ],
        indices: [{ name: 'IDX_9b3fc99e79df1bcad1da2476e1', columnNames: ['user_id', 'revoked_at'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'refresh_tokens',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'session_id', type: 'integer' },
          { name: 'token_hash', type: 'varchar', length: '64' },
          { name: 'created_at', type: timestamp, default: now },
          { name: 'rotated_at', type: timestamp, isNullable: true },
        ],
        foreignKeys: [
          {
            name: 'FK_3bf308fa93da3966f9e76fcfba4',
            columnNames: ['session_id'],
            referencedTableName: 'sessions',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
        ],
        indices: [
          { name: 'IDX_a7838d2ba25be1342091b6695f', columnNames: ['token_hash'], isUnique: true },
          { name: 'IDX_refresh_tokens_session_id', columnNames: ['session_id'] },
        ],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('refresh_tokens');
    await queryRunner.dropTable('sessions');
    await queryRunner.dropTable('users');
  }
}
