import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { TIMESTAMP } from '../column-types';

export class Marketplace1763900000000 implements MigrationInterface {
  name = 'Marketplace1763900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Timestamp columns as the entities declare them, in the words of this database's driver.
    const { driver } = queryRunner.connection;
    const timestamp = driver.normalizeType({ type: TIMESTAMP });
    const now = driver.mappedDataTypes.createDateDefault;

    await queryRunner.createTable(
      new Table({
        name: 'listings',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'seller_id', type: 'integer' },
          { name: 'car_id', type: 'integer', isNullable: true },
          { name: 'make', type: 'varchar', length: '64' },
          { name: 'model', type: 'varchar', length: '128' },
          { name: 'year', type: 'integer' },
          { name: 'price_cents', type: 'integer' },
          { name: 'mileage', type: 'integer' },
          { name: 'description', type: 'varchar', length: '5000', default: "''" },
          { name: 'condition', type: 'varchar', length: '16', isNullable: true },
          { name: 'fuel_type', type: 'varchar', length: '16', isNullable: true },
          { name: 'transmission', type: 'varchar', length: '16', isNullable: true },
          { name: 'color', type: 'varchar', length: '32', isNullable: true },
          { name: 'engine', type: 'varchar', length: '64', isNullable: true },
          { name: 'features', type: 'text' },
          { name: 'status', type: 'varchar', length: '16', default: "'active'" },
          { name: 'created_at', type: timestamp, default: now },
          { name: 'updated_at', type: timestamp, default: now },
        ],
        foreignKeys: [
          {
            name: 'FK_6d2846ee6b337ce5225c8c7286b',
            columnNames: ['seller_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
          {
            name: 'FK_0f5815be6a4fb4d4fd7b3b261c0',
            columnNames: ['car_id'],
            referencedTableName: 'cars',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
            onUpdate: 'NO ACTION',
          },
        ],
        indices: [
          { name: 'IDX_listings_seller_id', columnNames: ['seller_id'] },
          { name: 'IDX_listings_status_price', columnNames: ['status', 'price_cents'] },
          { name: 'IDX_listings_status_created_at', columnNames: ['status', 'created_at'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'transactions',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'listing_id', type: 'integer', isNullable: true },
          { name: 'auction_id', type: 'integer', isNullable: true },
          { name: 'buyer_id', type: 'integer', isNullable: true },
          { name: 'seller_id', type: 'integer', isNullable: true },
          { name: 'price_cents', type: 'integer' },
          { name: 'created_at', type: timestamp, default: now },
        ],
        foreignKeys: [
          {
            name: 'FK_9d0843c41ab91a42b73d4205caa',
            columnNames: ['listing_id'],
            referencedTableName: 'listings',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
            onUpdate: 'NO ACTION',
          },
          {
            name: 'FK_8c9b301d18f4ed8cacff33664c6',
            columnNames: ['buyer_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
            onUpdate: 'NO ACTION',
          },
          {
            name: 'FK_214e8e26a3bc13250ef55e9a1af',
            columnNames: ['seller_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
            onUpdate: 'NO ACTION',
          },
        ],
        indices: [
          { name: 'UQ_transactions_listing_id', columnNames: ['listing_id'], isUnique: true },
          { name: 'UQ_transactions_auction_id', columnNames: ['auction_id'], isUnique: true },
          { name: 'IDX_transactions_buyer_id', columnNames: ['buyer_id'] },
          { name: 'IDX_transactions_seller_id', columnNames: ['seller_id'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'favorites',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'user_id', type: 'integer' },
          { name: 'listing_id', type: 'integer', isNullable: true },
          { name: 'auction_id', type: 'integer', isNullable: true },
          { name: 'created_at', type: timestamp, default: now },
        ],
        foreignKeys: [
          {
            name: 'FK_35a6b05ee3b624d0de01ee50593',
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
          {
            name: 'FK_74e0699c35d78e39b229d64f34f',
            columnNames: ['listing_id'],
            referencedTableName: 'listings',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
        ],
        indices: [
          { name: 'UQ_favorites_user_auction', columnNames: ['user_id', 'auction_id'], isUnique: true },
          { name: 'UQ_favorites_user_listing', columnNames: ['user_id', 'listing_id'], isUnique: true },
        ],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('favorites');
    await queryRunner.dropTable('transactions');
    await queryRunner.dropTable('listings');
  }
}
