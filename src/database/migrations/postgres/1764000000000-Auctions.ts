import { MigrationInterface, QueryRunner } from 'typeorm';

export class Auctions1764000000000 implements MigrationInterface {
  name = 'Auctions1764000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "auctions" ("id" SERIAL NOT NULL, "seller_id" integer NOT NULL, "title" character varying(120) NOT NULL, "description" character varying(5000) NOT NULL DEFAULT '', "car_id" integer, "make" character varying(64) NOT NULL, "model" character varying(128) NOT NULL, "year" integer NOT NULL, "starting_price_cents" integer NOT NULL, "reserve_price_cents" integer, "min_increment_cents" integer NOT NULL, "current_price_cents" integer NOT NULL, "bid_count" integer NOT NULL DEFAULT '0', "leading_bidder_id" integer, "status" character varying(16) NOT NULL DEFAULT 'active', "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "condition" character varying(16), "fuel_type" character varying(16), "transmission" character varying(16), "color" character varying(32), "engine" character varying(64), "features" text NOT NULL, CONSTRAINT "PK_87d2b34d4829f0519a5c5570368" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_auctions_seller_id" ON "auctions" ("seller_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_auctions_created_at" ON "auctions" ("created_at") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_auctions_status_ends_at" ON "auctions" ("status", "ends_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "bids" ("id" SERIAL NOT NULL, "auction_id" integer NOT NULL, "bidder_id" integer, "amount_cents" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7950d066d322aab3a488ac39fe5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_bids_bidder_id" ON "bids" ("bidder_id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_bids_auction_id_amount" ON "bids" ("auction_id", "amount_cents") `,
    );
    await queryRunner.query(
      `ALTER TABLE "auctions" ADD CONSTRAINT "FK_0cc14a58a02d6cf816e906d2c6b" FOREIGN KEY ("seller_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "auctions" ADD CONSTRAINT "FK_09b4bd9b233925ae07537cf77a1" FOREIGN KEY ("car_id") REFERENCES "cars"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "auctions" ADD CONSTRAINT "FK_7acedd6ed7ca6b1b1d56e0aa387" FOREIGN KEY ("leading_bidder_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "bids" ADD CONSTRAINT "FK_7d24f04e55838b694acc9d35bfe" FOREIGN KEY ("auction_id") REFERENCES "auctions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "bids" ADD CONSTRAINT "FK_bc7e4d3d2bdc4c8d9695938d8e4" FOREIGN KEY ("bidder_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "bids" DROP CONSTRAINT "FK_bc7e4d3d2bdc4c8d9695938d8e4"`);
    await queryRunner.query(`ALTER TABLE "bids" DROP CONSTRAINT "FK_7d24f04e55838b694acc9d35bfe"`);
    await queryRunner.query(`ALTER TABLE "auctions" DROP CONSTRAINT "FK_7acedd6ed7ca6b1b1d56e0aa387"`);
    await queryRunner.query(`ALTER TABLE "auctions" DROP CONSTRAINT "FK_09b4bd9b233925ae07537cf77a1"`);
    await queryRunner.query(`ALTER TABLE "auctions" DROP CONSTRAINT "FK_0cc14a58a02d6cf816e906d2c6b"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bids_auction_id_amount"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bids_bidder_id"`);
    await queryRunner.query(`DROP TABLE "bids"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_auctions_status_ends_at"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_auctions_created_at"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_auctions_seller_id"`);
    await queryRunner.query(`DROP TABLE "auctions"`);
  }
}
