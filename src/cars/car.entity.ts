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
import { TIMESTAMP } from '../database/column-types';
import { User } from '../users/user.entity';

export enum CarSource {
  Manual = 'manual',
  Sync = 'sync',
}

/** A car model of the catalogue: entered by a user, or brought by the sync from the external API. */
@Entity('cars')
// (make, model, year) is unique regardless of case: an index on (lower(make), lower(model), year),
// created by the migrations. Its lower(make) prefix also serves the make and make+model filters;
// make and year together have an index of their own, (lower(make), year, removed_at, make, id),
// which also covers the list's count and default order.
@Index('UQ_cars_make_model_year', { synchronize: false })
@Index('IDX_cars_make_year', { synchronize: false })
export class Car {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ length: 64 })
  make!: string;

  @Column({ length: 128 })
  model!: string;

  @Index('IDX_cars_year')
  @Column({ type: 'integer' })
  year!: number;

  @Column({ type: 'varchar', length: 64, nullable: true })
  category!: string | null;

  @Column({ type: 'varchar', length: 8, default: CarSource.Manual })
  source!: CarSource;

  /** The record's `objectId` at the external API, for cars the sync brought. */
  @Index('UQ_cars_external_id', { unique: true })
  @Column({ name: 'external_id', type: 'varchar', length: 32, nullable: true })
  externalId!: string | null;

  /** Set when a full sync pass no longer finds the car at the source; such cars leave default lists. */
  @Column({ name: 'removed_at', type: TIMESTAMP, nullable: true })
  removedAt!: Date | null;

  /** Who entered it (null for synced cars, and when that user is deleted). */
  @Column({ name: 'created_by_id', type: 'integer', nullable: true })
  createdById!: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'created_by_id' })
  createdBy?: User | null;

  @Index('IDX_cars_created_at')
  @CreateDateColumn({ name: 'created_at', type: TIMESTAMP })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: TIMESTAMP })
  updatedAt!: Date;
}
