import { Entity, PrimaryColumn } from 'typeorm';

/**
 * The external ids a full pass has seen so far, kept in the database rather than in memory so a
 * pass over any number of records stays small; cleared when the pass ends.
 */
@Entity('sync_seen')
export class SyncSeen {
  @PrimaryColumn({ name: 'run_id', type: 'integer' })
  runId!: number;

  @PrimaryColumn({ name: 'external_id', type: 'varchar', length: 32 })
  externalId!: string;
}
