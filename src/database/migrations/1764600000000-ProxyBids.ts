import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Proxy bidding: a bid may carry its bidder's maximum and be one the platform placed (`auto`);
 * an auction keeps the most its leader will pay. For the auctions bid on before, that is the
 * leader's bid, the current price. Plain `ALTER TABLE`, the same on SQLite and PostgreSQL, rather
 * than TypeORM's `addColumn`, which on SQLite copies the whole table to add a column.
 */
export class ProxyBids1764600000000 implements MigrationInterface {
  name = 'ProxyBids1764600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // SQLite keeps booleans as 0 and 1 (the entities' default there), PostgreSQL has `false`.
    const no = queryRunner.connection.options.type === 'sqlite' ? '0' : 'false';
    await queryRunner.query('ALTER TABLE "bids" ADD COLUMN "max_amount_cents" integer');
    await queryRunner.query(`ALTER TABLE "bids" ADD COLUMN "auto" boolean NOT NULL DEFAULT ${no}`);
    await queryRunner.query('ALTER TABLE "auctions" ADD COLUMN "leading_max_cents" integer');
    await queryRunner.query(
      'UPDATE "auctions" SET "leading_max_cents" = "current_price_cents" WHERE "bid_count" > 0',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "auctions" DROP COLUMN "leading_max_cents"');
    await queryRunner.query('ALTER TABLE "bids" DROP COLUMN "auto"');
    await queryRunner.query('ALTER TABLE "bids" DROP COLUMN "max_amount_cents"');
  }
}
