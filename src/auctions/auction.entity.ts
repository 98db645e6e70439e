import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Car } from '../cars/car.entity';
import { TIMESTAMP } from '../database/column-types';
import { CarSpecs } from '../marketplace/car-specs';
import { User } from '../users/user.entity';

export enum AuctionStatus {
  Active = 'active',
  Closed = 'closed',
  Sold = 'sold',
  Cancelled = 'cancelled',
}

/**
 * A timed auction of a car. The bidding state (`currentPriceCents`, `bidCount`, `leadingBidderId`,
 * `endsAt`) lives on this row so that accepting a bid is one conditional UPDATE of it.
 */
@Entity('auctions')
@Index('IDX_auctions_status_ends_at', ['status', 'endsAt'])
export class Auction {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index('IDX_auctions_seller_id')
  @Column({ name: 'seller_id' })
  sellerId!: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'seller_id' })
  seller?: User;

  @Column({ length: 120 })
  title!: string;

  @Column({ type: 'varchar', length: 5000, default: '' })
  description!: string;

  @Column({ name: 'car_id', type: 'integer', nullable: true })
  carId!: number | null;

  @ManyToOne(() => Car, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'car_id' })
  car?: Car | null;

  @Column({ length: 64 })
  make!: string;

  @Column({ length: 128 })
  model!: string;

  @Column({ type: 'integer' })
  year!: number;

  @Column(() => CarSpecs, { prefix: false })
  specs!: CarSpecs;

  @Column({ name: 'starting_price_cents', type: 'integer' })
  startingPriceCents!: number;

  /** Below it the auction closes unsold; shown to the seller only. */
  @Column({ name: 'reserve_price_cents', type: 'integer', nullable: true })
  reservePriceCents!: number | null;

  @Column({ name: 'min_increment_cents', type: 'integer' })
  minIncrementCents!: number;

  /** The highest accepted bid, or the starting price before any. */
  @Column({ name: 'current_price_cents', type: 'integer' })
  currentPriceCents!: number;

  @Column({ name: 'bid_count', type: 'integer', default: 0 })
  bidCount!: number;

  /**
   * The most the leading bidder will pay: their maximum, or their highest bid. Never shown: it
   * decides the platform's counter-bids (proxy bidding). Null without bids.
   */
  @Column({ name: 'leading_max_cents', type: 'integer', nullable: true })
  leadingMaxCents!: number | null;

  @Column({ name: 'leading_bidder_id', type: 'integer', nullable: true })
  leadingBidderId!: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'leading_bidder_id' })
  leadingBidder?: User | null;

  @Column({ type: 'varchar', length: 16, default: AuctionStatus.Active })
  status!: AuctionStatus;

  @Column({ name: 'starts_at', type: TIMESTAMP })
  startsAt!: Date;

  @Column({ name: 'ends_at', type: TIMESTAMP })
  endsAt!: Date;

  @Column({ name: 'closed_at', type: TIMESTAMP, nullable: true })
  closedAt!: Date | null;

  @Index('IDX_auctions_created_at')
  @CreateDateColumn({ name: 'created_at', type: TIMESTAMP })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: TIMESTAMP })
  updatedAt!: Date;
}
