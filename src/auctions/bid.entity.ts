import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { TIMESTAMP } from '../database/column-types';
import { User } from '../users/user.entity';
import { Auction } from './auction.entity';

/** An accepted bid (refused ones are not stored). */
@Entity('bids')
@Index('IDX_bids_auction_id_amount', ['auctionId', 'amountCents'])
// A bidder's number in an auction, found by bidder (their earlier bids) and the auction's last one.
@Index('IDX_bids_bidder_id_auction_id', ['bidderId', 'auctionId', 'bidderNumber'])
@Index('IDX_bids_auction_id_bidder_number', ['auctionId', 'bidderNumber'])
export class Bid {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'auction_id' })
  auctionId!: number;

  /** An auction with bids cannot be deleted: its bids are other users' records. */
  @ManyToOne(() => Auction, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'auction_id' })
  auction?: Auction;

  @Column({ name: 'bidder_id', type: 'integer', nullable: true })
  bidderId!: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'bidder_id' })
  bidder?: User | null;

  /**
   * The bidder's number in this auction (1 for its first bidder, 2 for the next new one, ...), the
   * same on all their bids there: others see them as `bidder <n>`. Kept when the account goes.
   */
  @Column({ name: 'bidder_number', type: 'integer' })
  bidderNumber!: number;

  @Column({ name: 'amount_cents', type: 'integer' })
  amountCents!: number;

  /** The most the bidder said they would pay with this bid; null for a plain bid. Theirs alone to see. */
  @Column({ name: 'max_amount_cents', type: 'integer', nullable: true })
  maxAmountCents!: number | null;

  /** Placed by the platform for the bidder's maximum. */
  @Column({ type: 'boolean', default: false })
  auto!: boolean;

  @CreateDateColumn({ name: 'created_at', type: TIMESTAMP })
  createdAt!: Date;
}
