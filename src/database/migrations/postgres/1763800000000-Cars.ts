import { MigrationInterface, QueryRunner } from 'typeorm';

export class Cars1763800000000 implements MigrationInterface {
  name = 'Cars1763800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sync_state" ("id" integer NOT NULL, "cursor_updated_at" character varying(32), "runs_since_full_pass" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_4c68d03775b8818b4e50b6dba84" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "sync_seen" ("run_id" integer NOT NULL, "external_id" character varying(32) NOT NULL, CONSTRAINT "PK_426a27d046e8f203758a0129f46" PRIMARY KEY ("run_id", "external_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "cars" ("id" SERIAL NOT NULL, "make" character varying(64) NOT NULL, "model" character varying(128) NOT NULL, "year" integer NOT NULL, "category" character varying(64), "source" character varying(8) NOT NULL DEFAULT 'manual', "external_id" character varying(32), "removed_at" TIMESTAMP WITH TIME ZONE, "created_by_id" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fc218aa84e79b477d55322271b6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_cars_make_model_year" ON "cars" (lower("make"), lower("model"), "year")`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_cars_year" ON "cars" ("year") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_cars_external_id" ON "cars" ("external_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_cars_created_at" ON "cars" ("created_at") `);
    await queryRunner.query(
      `CREATE TABLE "sync_runs" ("id" SERIAL NOT NULL, "job_id" character varying(64) NOT NULL, "trigger" character varying(16) NOT NULL, "status" character varying(16) NOT NULL, "full_pass" boolean NOT NULL DEFAULT false, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, "fetched" integer NOT NULL DEFAULT '0', "inserted" integer NOT NULL DEFAULT '0', "updated" integer NOT NULL DEFAULT '0', "unchanged" integer NOT NULL DEFAULT '0', "failed" integer NOT NULL DEFAULT '0', "removed" integer NOT NULL DEFAULT '0', "error" character varying(1000), CONSTRAINT "PK_adf13fff41a683b3b991fb90b11" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_sync_runs_job_id" ON "sync_runs" ("job_id") `);
    await queryRunner.query(
      `ALTER TABLE "cars" ADD CONSTRAINT "FK_f74a7254ad6b852d48de0e0558a" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cars" DROP CONSTRAINT "FK_f74a7254ad6b852d48de0e0558a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_sync_runs_job_id"`);
    await queryRunner.query(`DROP TABLE "sync_runs"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cars_created_at"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_cars_external_id"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cars_year"`);
    await queryRunner.query(`DROP TABLE "cars"`);
    await queryRunner.query(`DROP TABLE "sync_seen"`);
    await queryRunner.query(`DROP TABLE "sync_state"`);
  }
}
