import { MigrationInterface, QueryRunner } from 'typeorm';

export class Marketplace1763900000000 implements MigrationInterface {
  name = 'Marketplace1763900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "listings" ("id" SERIAL NOT NULL, "seller_id" integer NOT NULL, "car_id" integer, "make" character varying(64) NOT NULL, "model" character varying(128) NOT NULL, "year" integer NOT NULL, "price_cents" integer NOT NULL, "mileage" integer NOT NULL, "description" character varying(5000) NOT NULL DEFAULT '', "condition" character varying(16), "fuel_type" character varying(16), "transmission" character varying(16), "color" character varying(32), "engine" character varying(64), "features" text NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'active', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_520ecac6c99ec90bcf5a603cdcb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_listings_seller_id" ON "listings" ("seller_id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_listings_status_price" ON "listings" ("status", "price_cents") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_listings_status_created_at" ON "listings" ("status", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "transactions" ("id" SERIAL NOT NULL, "listing_id" integer, "auction_id" integer, "buyer_id" integer, "seller_id" integer, "price_cents" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a219afd8dd77ed80f5a862f1db9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_transactions_listing_id" ON "transactions" ("listing_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_transactions_auction_id" ON "transactions" ("auction_id") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_transactions_buyer_id" ON "transactions" ("buyer_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_transactions_seller_id" ON "transactions" ("seller_id") `);
    await queryRunner.query(
      `CREATE TABLE "favorites" ("id" SERIAL NOT NULL, "user_id" integer NOT NULL, "listing_id" integer, "auction_id" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_890818d27523748dd36a4d1bdc8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_favorites_user_auction" ON "favorites" ("user_id", "auction_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_favorites_user_listing" ON "favorites" ("user_id", "listing_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "listings" ADD CONSTRAINT "FK_6d2846ee6b337ce5225c8c7286b" FOREIGN KEY ("seller_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "listings" ADD CONSTRAINT "FK_0f5815be6a4fb4d4fd7b3b261c0" FOREIGN KEY ("car_id") REFERENCES "cars"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "transactions" ADD CONSTRAINT "FK_9d0843c41ab91a42b73d4205caa" FOREIGN KEY ("listing_id") REFERENCES "listings"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "transactions" ADD CONSTRAINT "FK_8c9b301d18f4ed8cacff33664c6" FOREIGN KEY ("buyer_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "transactions" ADD CONSTRAINT "FK_214e8e26a3bc13250ef55e9a1af" FOREIGN KEY ("seller_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "favorites" ADD CONSTRAINT "FK_35a6b05ee3b624d0de01ee50593" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "favorites" ADD CONSTRAINT "FK_74e0699c35d78e39b229d64f34f" FOREIGN KEY ("listing_id") REFERENCES "listings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "favorites" DROP CONSTRAINT "FK_74e0699c35d78e39b229d64f34f"`);
    await queryRunner.query(`ALTER TABLE "favorites" DROP CONSTRAINT "FK_35a6b05ee3b624d0de01ee50593"`);
    await queryRunner.query(`ALTER TABLE "transactions" DROP CONSTRAINT "FK_214e8e26a3bc13250ef55e9a1af"`);
    await queryRunner.query(`ALTER TABLE "transactions" DROP CONSTRAINT "FK_8c9b301d18f4ed8cacff33664c6"`);
    await queryRunner.query(`ALTER TABLE "transactions" DROP CONSTRAINT "FK_9d0843c41ab91a42b73d4205caa"`);
    await queryRunner.query(`ALTER TABLE "listings" DROP CONSTRAINT "FK_0f5815be6a4fb4d4fd7b3b261c0"`);
    await queryRunner.query(`ALTER TABLE "listings" DROP CONSTRAINT "FK_6d2846ee6b337ce5225c8c7286b"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_favorites_user_listing"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_favorites_user_auction"`);
    await queryRunner.query(`DROP TABLE "favorites"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_transactions_seller_id"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_transactions_buyer_id"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_transactions_auction_id"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_transactions_listing_id"`);
    await queryRunner.query(`DROP TABLE "transactions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_listings_status_created_at"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_listings_status_price"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_listings_seller_id"`);
    await queryRunner.query(`DROP TABLE "listings"`);
  }
}
