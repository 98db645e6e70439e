import { MigrationInterface, QueryRunner } from 'typeorm';

export class Cars1763800000000 implements MigrationInterface {
  name = 'Cars1763800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "cars" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "make" varchar(64) NOT NULL, "model" varchar(128) NOT NULL, "year" integer NOT NULL, "category" varchar(64), "source" varchar(8) NOT NULL DEFAULT ('manual'), "external_id" varchar(32), "removed_at" datetime, "created_by_id" integer, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_f74a7254ad6b852d48de0e0558a" FOREIGN KEY ("created_by_id") REFERENCES "users" ("id") ON DELETE SET NULL ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_cars_make_model_year" ON "cars" (lower("make"), lower("model"), "year")`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_cars_year" ON "cars" ("year")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_cars_external_id" ON "cars" ("external_id")`);
    await queryRunner.query(`CREATE INDEX "IDX_cars_created_at" ON "cars" ("created_at")`);
    await queryRunner.query(
      `CREATE TABLE "sync_runs" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "job_id" varchar(64) NOT NULL, "trigger" varchar(16) NOT NULL, "status" varchar(16) NOT NULL, "full_pass" boolean NOT NULL DEFAULT (0), "started_at" datetime NOT NULL, "finished_at" datetime, "fetched" integer NOT NULL DEFAULT (0), "inserted" integer NOT NULL DEFAULT (0), "updated" integer NOT NULL DEFAULT (0), "unchanged" integer NOT NULL DEFAULT (0), "failed" integer NOT NULL DEFAULT (0), "removed" integer NOT NULL DEFAULT (0), "error" varchar(1000))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_sync_runs_job_id" ON "sync_runs" ("job_id")`);
    await queryRunner.query(
      `CREATE TABLE "sync_state" ("id" integer PRIMARY KEY NOT NULL, "cursor_updated_at" varchar(32), "runs_since_full_pass" integer NOT NULL DEFAULT (0))`,
    );
    await queryRunner.query(
      `CREATE TABLE "sync_seen" ("run_id" integer NOT NULL, "external_id" varchar(32) NOT NULL, PRIMARY KEY ("run_id", "external_id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "sync_seen"`);
    await queryRunner.query(`DROP TABLE "sync_state"`);
    await queryRunner.query(`DROP TABLE "sync_runs"`);
    await queryRunner.query(`DROP TABLE "cars"`);
  }
}
