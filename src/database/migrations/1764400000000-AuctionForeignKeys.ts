import { MigrationInterface, QueryRunner, TableForeignKey } from 'typeorm';

/** `<table>.auction_id` references the auction, and `onDelete` says what its deletion does there. */
const auctionReference = (name: string, onDelete: 'CASCADE' | 'SET NULL' | 'RESTRICT') =>
  new TableForeignKey({
    name,
    columnNames: ['auction_id'],
    referencedTableName: 'auctions',
    referencedColumnNames: ['id'],
    onDelete,
    onUpdate: 'NO ACTION',
  });

/**
 * Favorites and sales reference their auction, as they already reference their listing: a
 * favorite goes with its auction, a sale record stays and loses the link. Rows that point at an
 * auction that no longer exists are cleaned the same way first.
 *
 * Bids no longer go with their auction: deleting an auction with bids is refused. Deleting a user
 * deletes their auctions, so without this a user's deletion could destroy other users' bids (the
 * application already refuses it; see UsersService.remove). No code path deletes an auction with
 * bids: an auction is cancelled only while it has none, and it keeps its record.
 */
export class AuctionForeignKeys1764400000000 implements MigrationInterface {
  name = 'AuctionForeignKeys1764400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const auctionGone = (table: string) =>
      `"auction_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "auctions" WHERE "auctions"."id" = "${table}"."auction_id")`;
    await queryRunner.query(`DELETE FROM "favorites" WHERE ${auctionGone('favorites')}`);
    await queryRunner.query(
      `UPDATE "transactions" SET "auction_id" = NULL WHERE ${auctionGone('transactions')}`,
    );
    await queryRunner.createForeignKey(
      'favorites',
      auctionReference('FK_d1ee47ac61e59db058027c85307', 'CASCADE'),
    );
    await queryRunner.createForeignKey(
      'transactions',
      auctionReference('FK_bd1578426195a292ef0f8d2d715', 'SET NULL'),
    );
    await queryRunner.dropForeignKey('bids', 'FK_7d24f04e55838b694acc9d35bfe');
    await queryRunner.createForeignKey(
      'bids',
      auctionReference('FK_7d24f04e55838b694acc9d35bfe', 'RESTRICT'),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropForeignKey('bids', 'FK_7d24f04e55838b694acc9d35bfe');
    await queryRunner.createForeignKey('bids', auctionReference('FK_7d24f04e55838b694acc9d35bfe', 'CASCADE'));
    await queryRunner.dropForeignKey('transactions', 'FK_bd1578426195a292ef0f8d2d715');
    await queryRunner.dropForeignKey('favorites', 'FK_d1ee47ac61e59db058027c85307');
  }
}
