import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The sync's checkpoint: a single row (id 1), written in the transaction of each committed page. */
@Entity('sync_state')
export class SyncState {
  @PrimaryColumn({ type: 'integer' })
  id!: number;

  /**
   * The source `updatedAt` (ISO string, as the source wrote it) of the last committed record.
   * Later runs ask for records at or after it: inclusive, so equal timestamps are never skipped.
   */
  @Column({ name: 'cursor_updated_at', type: 'varchar', length: 32, nullable: true })
  cursorUpdatedAt!: string | null;

  /** Runs completed since the last full pass completed. */
  @Column({ name: 'runs_since_full_pass', type: 'integer', default: 0 })
  runsSinceFullPass!: number;
}
