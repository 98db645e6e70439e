import {
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { TIMESTAMP } from '../database/column-types';
import { User } from '../users/user.entity';
import { Listing } from './listing.entity';

/** A completed sale: of a listing (a purchase) or of an auction (its close). */
@Entity('transactions')
export class Transaction {
  @PrimaryGeneratedColumn()
  id!: number;

  /** Unique: a listing is sold once. */
  @Index('UQ_transactions_listing_id', { unique: true })
  @Column({ name: 'listing_id', type: 'integer', nullable: true })
  listingId!: number | null;

  @ManyToOne(() => Listing, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'listing_id' })
  listing?: Listing | null;

  /**
   * The auction it closed; the record stays when the auction goes. Named by table: the auctions
   * feature builds on this one, so its entity is not imported here.
   */
  @Index('UQ_transactions_auction_id', { unique: true })
  @ForeignKey('auctions', { onDelete: 'SET NULL' })
  @Column({ name: 'auction_id', type: 'integer', nullable: true })
  auctionId!: number | null;

  @Index('IDX_transactions_buyer_id')
  @Column({ name: 'buyer_id', type: 'integer', nullable: true })
  buyerId!: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'buyer_id' })
  buyer?: User | null;

  @Index('IDX_transactions_seller_id')
  @Column({ name: 'seller_id', type: 'integer', nullable: true })
  sellerId!: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'seller_id' })
  seller?: User | null;

  @Column({ name: 'price_cents', type: 'integer' })
  priceCents!: number;

  @CreateDateColumn({ name: 'created_at', type: TIMESTAMP })
  createdAt!: Date;
}
