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
import { CarSpecs } from './car-specs';

export enum ListingStatus {
  Active = 'active',
  Sold = 'sold',
  Withdrawn = 'withdrawn',
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

  @Column(() => CarSpecs, { prefix: false })
  specs!: CarSpecs;

  @Column({ type: 'varchar', length: 16, default: ListingStatus.Active })
  status!: ListingStatus;

  @CreateDateColumn({ name: 'created_at', type: TIMESTAMP })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: TIMESTAMP })
  updatedAt!: Date;
}
