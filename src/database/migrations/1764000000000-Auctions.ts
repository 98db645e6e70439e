import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { TIMESTAMP } from '../column-types';

export class Auctions1764000000000 implements MigrationInterface {
  name = 'Auctions1764000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Timestamp columns as the entities declare them, in the words of this database's driver.
    const { driver } = queryRunner.connection;
    const timestamp = driver.normalizeType({ type: TIMESTAMP });
    const now = driver.mappedDataTypes.createDateDefault;

    await queryRunner.createTable(
      new Table({
        name: 'auctions',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'seller_id', type: 'integer' },
          { name: 'title', type: 'varchar', length: '120' },
          { name: 'description', type: 'varchar', length: '5000', default: "''" },
          { name: 'car_id', type: 'integer', isNullable: true },
          { name: 'make', type: 'varchar', length: '64' },
          { name: 'model', type: 'varchar', length: '128' },
          { name: 'year', type: 'integer' },
          { name: 'starting_price_cents', type: 'integer' },
          { name: 'reserve_price_cents', type: 'integer', isNullable: true },
          { name: 'min_increment_cents', type: 'integer' },
          { name: 'current_price_cents', type: 'integer' },
          { name: 'bid_count', type: 'integer', default: 0 },
          { name: 'leading_bidder_id', type: 'integer', isNullable: true },
          { name: 'status', type: 'varchar', length: '16', default: "'active'" },
          { name: 'starts_at', type: timestamp },
          { name: 'ends_at', type: timestamp },
          { name: 'closed_at', type: timestamp, isNullable: true },
          { name: 'created_at', type: timestamp, default: now },
          { name: 'updated_at', type: timestamp, default: now },
          { name: 'condition', type: 'varchar', length: '16', isNullable: true },
          { name: 'fuel_type', type: 'varchar', length: '16', isNullable: true },
          { name: 'transmission', type: 'varchar', length: '16', isNullable: true },
          { name: 'color', type: 'varchar', length: '32', isNullable: true },
          { name: 'engine', type: 'varchar', length: '64', isNullable: true },
          { name: 'features', type: 'text' },
        ],
        foreignKeys: [
          {
            name: 'FK_0cc14a58a02d6cf816e906d2c6b',
            columnNames: ['seller_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
          {
            name: 'FK_09b4bd9b233925ae07537cf77a1',
            columnNames: ['car_id'],
            referencedTableName: 'cars',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
            onUpdate: 'NO ACTION',
          },
          {
            name: 'FK_7acedd6ed7ca6b1b1d56e0aa387',
            columnNames: ['leading_bidder_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
            onUpdate: 'NO ACTION',
          },
        ],
        indices: [
          { name: 'IDX_auctions_seller_id', columnNames: ['seller_id'] },
          { name: 'IDX_auctions_created_at', columnNames: ['created_at'] },
          { name: 'IDX_auctions_status_ends_at', columnNames: ['status', 'ends_at'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'bids',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'auction_id', type: 'integer' },
          { name: 'bidder_id', type: 'integer', isNullable: true },
          { name: 'amount_cents', type: 'integer' },
          { name: 'created_at', type: timestamp, default: now },
        ],
        foreignKeys: [
          {
            name: 'FK_bc7e4d3d2bdc4c8d9695938d8e4',
            columnNames: ['bidder_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
            onUpdate: 'NO ACTION',
          },
          {
            name: 'FK_7d24f04e55838b694acc9d35bfe',
            columnNames: ['auction_id'],
            referencedTableName: 'auctions',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
        ],
        indices: [
          { name: 'IDX_bids_bidder_id', columnNames: ['bidder_id'] },
          { name: 'IDX_bids_auction_id_amount', columnNames: ['auction_id', 'amount_cents'] },
        ],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('bids');
    await queryRunner.dropTable('auctions');
  }
}
