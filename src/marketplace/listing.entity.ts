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
import { User } from '../users/user.entity';

export enum ListingStatus {
  Active = 'active',
  Sold = 'sold',
  Withdrawn = 'withdrawn',
}

export enum Condition {
  New = 'new',
  LikeNew = 'like_new',
  Excellent = 'excellent',
  Good = 'good',
  Fair = 'fair',
  Poor = 'poor',
}

export enum FuelType {
  Petrol = 'petrol',
  Diesel = 'diesel',
  Hybrid = 'hybrid',
  PluginHybrid = 'plugin_hybrid',
  Electric = 'electric',
  Lpg = 'lpg',
  Hydrogen = 'hydrogen',
  Other = 'other',
}

export enum Transmission {
  Manual = 'manual',
  Automatic = 'automatic',
  SemiAutomatic = 'semi_automatic',
  Cvt = 'cvt',
}

/** A car offered for sale at a fixed price. */
@Entity('listings')
@Index('IDX_listings_status_created_at', ['status', 'createdAt'])
@Index('IDX_listings_status_price', ['status', 'priceCents'])
export class Listing {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index('IDX_listings_seller_id')
  @Column({ name: 'seller_id' })
  sellerId!: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'seller_id' })
  seller?: User;

  /** The catalogue car it was listed from, if any; make, model and year are kept either way. */
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

  @Column({ name: 'price_cents', type: 'integer' })
  priceCents!: number;

  @Column({ type: 'integer' })
  mileage!: number;

  @Column({ type: 'varchar', length: 5000, default: '' })
  description!: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  condition!: Condition | null;

  @Column({ name: 'fuel_type', type: 'varchar', length: 16, nullable: true })
  fuelType!: FuelType | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  transmission!: Transmission | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  color!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  engine!: string | null;

  /** JSON array of short strings. */
  @Column({ type: 'simple-json' })
  features!: string[];

  @Column({ type: 'varchar', length: 16, default: ListingStatus.Active })
  status!: ListingStatus;

  @CreateDateColumn({ name: 'created_at', type: TIMESTAMP })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: TIMESTAMP })
  updatedAt!: Date;
}
