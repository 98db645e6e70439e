import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * Each bid carries its bidder's number in the auction (bidder privacy: others see `bidder <n>`),
 * numbered by each bidder's first bid there; existing bids are numbered the same way, so the column
 * is added empty, filled, then made NOT NULL. The new indexes find a bidder's number (by bidder,
 * then auction) and an auction's last number, so a bid finds its number without reading the
 * auction's other bids.
 */
export class BidderNumbers1764300000000 implements MigrationInterface {
  name = 'BidderNumbers1764300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('bids', 'IDX_bids_bidder_id');
    await queryRunner.addColumn(
      'bids',
      new TableColumn({ name: 'bidder_number', type: 'integer', isNullable: true }),
    );
    await queryRunner.query(
      `UPDATE "bids" SET "bidder_number" = "first"."number"
       FROM (SELECT "auction_id", "bidder_id",
                    ROW_NUMBER() OVER (PARTITION BY "auction_id" ORDER BY MIN("id")) AS "number"
             FROM "bids" GROUP BY "auction_id", "bidder_id") "first"
       WHERE "first"."auction_id" = "bids"."auction_id"
         AND "first"."bidder_id" IS NOT DISTINCT FROM "bids"."bidder_id"`,
    );
    const numbered = (await queryRunner.getTable('bids'))!.findColumnByName('bidder_number')!;
    const required = numbered.clone();
    required.isNullable = false;
    await queryRunner.changeColumn('bids', numbered, required);
    await queryRunner.createIndices('bids', [
      new TableIndex({
        name: 'IDX_bids_auction_id_bidder_number',
        columnNames: ['auction_id', 'bidder_number'],
      }),
      new TableIndex({
        name: 'IDX_bids_bidder_id_auction_id',
        columnNames: ['bidder_id', 'auction_id', 'bidder_number'],
      }),
    ]);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('bids', 'IDX_bids_bidder_id_auction_id');
    await queryRunner.dropIndex('bids', 'IDX_bids_auction_id_bidder_number');
    await queryRunner.dropColumn('bids', 'bidder_number');
    await queryRunner.createIndex(
      'bids',
      new TableIndex({ name: 'IDX_bids_bidder_id', columnNames: ['bidder_id'] }),
    );
  }
}
