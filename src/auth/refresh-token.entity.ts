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
import { Session } from './session.entity';

/**
 * Every refresh token a session was given, by hash. Keeping the rotated ones is what lets a
 * replayed token be recognised as theft rather than as an unknown string.
 */
@Entity('refresh_tokens')
export class RefreshToken {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index('IDX_refresh_tokens_session_id')
  @Column({ name: 'session_id' })
  sessionId!: number;

  @ManyToOne(() => Session, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id' })
  session?: Session;

  /** SHA-256 of the token (hex): the token is 256 random bits, so a slow hash adds nothing. */
  @Index({ unique: true })
  @Column({ name: 'token_hash', length: 64 })
  tokenHash!: string;

  @CreateDateColumn({ name: 'created_at', type: TIMESTAMP })
  createdAt!: Date;

  @Column({ name: 'rotated_at', type: TIMESTAMP, nullable: true })
  rotatedAt!: Date | null;
}
