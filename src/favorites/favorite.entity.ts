import {
  CreateDateColumn,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Auction } from '../auctions/auction.entity';
import { TIMESTAMP } from '../database/column-types';
import { Listing } from '../marketplace/listing.entity';
import { User } from '../users/user.entity';

/** A user's saved listing or auction (exactly one of the two ids is set). */
@Entity('favorites')
@Index('UQ_favorites_user_listing', ['userId', 'listingId'], { unique: true })
@Index('UQ_favorites_user_auction', ['userId', 'auctionId'], { unique: true })
export class Favorite {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'user_id' })
  userId!: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ name: 'listing_id', type: 'integer', nullable: true })
  listingId!: number | null;

  @ManyToOne(() => Listing, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'listing_id' })
  listing?: Listing | null;

  @Column({ name: 'auction_id', type: 'integer', nullable: true })
  auctionId!: number | null;

  @ManyToOne(() => Auction, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'auction_id' })
  auction?: Auction | null;

  @CreateDateColumn({ name: 'created_at', type: TIMESTAMP })
  createdAt!: Date;
}
