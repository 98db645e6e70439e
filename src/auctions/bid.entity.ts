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
export class Bid {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'auction_id' })
  auctionId!: number;

  @ManyToOne(() => Auction, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'auction_id' })
  auction?: Auction;

  @Index('IDX_bids_bidder_id')
  @Column({ name: 'bidder_id', type: 'integer', nullable: true })
  bidderId!: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'bidder_id' })
  bidder?: User | null;

  @Column({ name: 'amount_cents', type: 'integer' })
  amountCents!: number;

  @CreateDateColumn({ name: 'created_at', type: TIMESTAMP })
  createdAt!: Date;
}
