import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../database/column-types';

export enum SyncTrigger {
  Schedule = 'schedule',
  Manual = 'manual',
}

export enum SyncRunStatus {
  Running = 'running',
  Completed = 'completed',
  Failed = 'failed',
}

/** The record of one sync run; its counters cover the pages committed so far. */
@Entity('sync_runs')
export class SyncRun {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index('IDX_sync_runs_job_id')
  @Column({ name: 'job_id', type: 'varchar', length: 64 })
  jobId!: string;

  @Column({ type: 'varchar', length: 16 })
  trigger!: SyncTrigger;

  @Column({ type: 'varchar', length: 16 })
  status!: SyncRunStatus;

  /** A full pass reads the whole source and marks cars that are gone from it. */
  @Column({ name: 'full_pass', type: 'boolean', default: false })
  fullPass!: boolean;

  @Column({ name: 'started_at', type: TIMESTAMP })
  startedAt!: Date;

  @Column({ name: 'finished_at', type: TIMESTAMP, nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'integer', default: 0 })
  fetched!: number;

  @Column({ type: 'integer', default: 0 })
  inserted!: number;

  @Column({ type: 'integer', default: 0 })
  updated!: number;

  @Column({ type: 'integer', default: 0 })
  unchanged!: number;

  /** Records the source sent that could not be stored (invalid, or colliding with another car). */
  @Column({ type: 'integer', default: 0 })
  failed!: number;

  /** Cars marked removed by this (full) run. */
  @Column({ type: 'integer', default: 0 })
  removed!: number;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  error!: string | null;
}
