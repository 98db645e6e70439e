import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each bid carries its bidder's number in the auction (bidder privacy: others see `bidder <n>`),
 * numbered by each bidder's first bid there; existing bids are numbered the same way. The new
 * indexes find a bidder's number (by bidder, then auction) and an auction's last number, so a bid
 * finds its number without reading the auction's other bids. SQLite adds a NOT NULL column without
 * a default only by rebuilding the table.
 */
export class BidderNumbers1764300000000 implements MigrationInterface {
  name = 'BidderNumbers1764300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_bids_bidder_id"`);
    await queryRunner.query(`DROP INDEX "IDX_bids_auction_id_amount"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_bids" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "auction_id" integer NOT NULL, "bidder_id" integer, "amount_cents" integer NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "bidder_number" integer NOT NULL, CONSTRAINT "FK_bc7e4d3d2bdc4c8d9695938d8e4" FOREIGN KEY ("bidder_id") REFERENCES "users" ("id") ON DELETE SET NULL ON UPDATE NO ACTION, CONSTRAINT "FK_7d24f04e55838b694acc9d35bfe" FOREIGN KEY ("auction_id") REFERENCES "auctions" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_bids"("id", "auction_id", "bidder_id", "amount_cents", "created_at", "bidder_number")
       SELECT "bid"."id", "bid"."auction_id", "bid"."bidder_id", "bid"."amount_cents", "bid"."created_at", "first"."number"
       FROM "bids" "bid"
       JOIN (SELECT "auction_id", "bidder_id",
                    ROW_NUMBER() OVER (PARTITION BY "auction_id" ORDER BY MIN("id")) AS "number"
             FROM "bids" GROUP BY "auction_id", "bidder_id") "first"
         ON "first"."auction_id" = "bid"."auction_id" AND "first"."bidder_id" IS "bid"."bidder_id"`,
    );
    await queryRunner.query(`DROP TABLE "bids"`);
    await queryRunner.query(`ALTER TABLE "temporary_bids" RENAME TO "bids"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_bids_auction_id_amount" ON "bids" ("auction_id", "amount_cents")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_bids_auction_id_bidder_number" ON "bids" ("auction_id", "bidder_number")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_bids_bidder_id_auction_id" ON "bids" ("bidder_id", "auction_id", "bidder_number")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_bids_bidder_id_auction_id"`);
    await queryRunner.query(`DROP INDEX "IDX_bids_auction_id_bidder_number"`);
    await queryRunner.query(`DROP INDEX "IDX_bids_auction_id_amount"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_bids" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "auction_id" integer NOT NULL, "bidder_id" integer, "amount_cents" integer NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_bc7e4d3d2bdc4c8d9695938d8e4" FOREIGN KEY ("bidder_id") REFERENCES "users" ("id") ON DELETE SET NULL ON UPDATE NO ACTION, CONSTRAINT "FK_7d24f04e55838b694acc9d35bfe" FOREIGN KEY ("auction_id") REFERENCES "auctions" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_bids"("id", "auction_id", "bidder_id", "amount_cents", "created_at") SELECT "id", "auction_id", "bidder_id", "amount_cents", "created_at" FROM "bids"`,
    );
    await queryRunner.query(`DROP TABLE "bids"`);
    await queryRunner.query(`ALTER TABLE "temporary_bids" RENAME TO "bids"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_bids_auction_id_amount" ON "bids" ("auction_id", "amount_cents")`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_bids_bidder_id" ON "bids" ("bidder_id")`);
  }
}
