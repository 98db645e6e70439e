import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * Proxy bidding: a bid may carry its bidder's maximum and be one the platform placed (`auto`);
 * an auction keeps the most its leader will pay. For the auctions bid on before, that is the
 * leader's bid, the current price.
 */
export class ProxyBids1764600000000 implements MigrationInterface {
  name = 'ProxyBids1764600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // SQLite keeps booleans as 0 and 1 (the entities' default there), PostgreSQL has `false`.
    const no = queryRunner.connection.options.type === 'sqlite' ? '0' : 'false';
    await queryRunner.addColumns('bids', [
      new TableColumn({ name: 'max_amount_cents', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'auto', type: 'boolean', default: no }),
    ]);
    await queryRunner.addColumn(
      'auctions',
      new TableColumn({ name: 'leading_max_cents', type: 'integer', isNullable: true }),
    );
    await queryRunner.query(
      'UPDATE "auctions" SET "leading_max_cents" = "current_price_cents" WHERE "bid_count" > 0',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('auctions', 'leading_max_cents');
    await queryRunner.dropColumns('bids', ['max_amount_cents', 'auto']);
  }
}
