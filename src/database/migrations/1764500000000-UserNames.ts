import { MigrationInterface, QueryRunner } from 'typeorm';

const NAME_COLUMNS = ['first_name', 'last_name'];

/**
 * Profiles carry a first and a last name beside the display name: optional, up to 64 characters.
 * Plain `ALTER TABLE`, the same on SQLite and PostgreSQL: TypeORM's `addColumn` on SQLite rebuilds
 * the table and recreates its indexes from what it can describe, which turns the expression index
 * on `lower("username")` into a unique index on a constant (every second user would conflict).
 */
export class UserNames1764500000000 implements MigrationInterface {
  name = 'UserNames1764500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const column of NAME_COLUMNS) {
      await queryRunner.query(`ALTER TABLE "users" ADD COLUMN "${column}" varchar(64)`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const column of NAME_COLUMNS) {
      await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "${column}"`);
    }
  }
}
