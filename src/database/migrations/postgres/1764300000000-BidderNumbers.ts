import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each bid carries its bidder's number in the auction (bidder privacy: others see `bidder <n>`),
 * numbered by each bidder's first bid there; existing bids are numbered the same way. The new
 * indexes find a bidder's number (by bidder, then auction) and an auction's last number, so a bid
 * finds its number without reading the auction's other bids.
 */
export class BidderNumbers1764300000000 implements MigrationInterface {
  name = 'BidderNumbers1764300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_bids_bidder_id"`);
    await queryRunner.query(`ALTER TABLE "bids" ADD "bidder_number" integer`);
    await queryRunner.query(
      `UPDATE "bids" SET "bidder_number" = "first"."number"
       FROM (SELECT "auction_id", "bidder_id",
                    ROW_NUMBER() OVER (PARTITION BY "auction_id" ORDER BY MIN("id")) AS "number"
             FROM "bids" GROUP BY "auction_id", "bidder_id") "first"
       WHERE "first"."auction_id" = "bids"."auction_id"
         AND "first"."bidder_id" IS NOT DISTINCT FROM "bids"."bidder_id"`,
    );
    await queryRunner.query(`ALTER TABLE "bids" ALTER COLUMN "bidder_number" SET NOT NULL`);
    await queryRunner.query(
      `CREATE INDEX "IDX_bids_auction_id_bidder_number" ON "bids" ("auction_id", "bidder_number") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_bids_bidder_id_auction_id" ON "bids" ("bidder_id", "auction_id", "bidder_number") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_bids_bidder_id_auction_id"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bids_auction_id_bidder_number"`);
    await queryRunner.query(`ALTER TABLE "bids" DROP COLUMN "bidder_number"`);
    await queryRunner.query(`CREATE INDEX "IDX_bids_bidder_id" ON "bids" ("bidder_id") `);
  }
}
