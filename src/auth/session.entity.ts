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

/** One signed-in device: its access tokens carry its id, its refresh tokens belong to it. */
@Entity('sessions')
@Index(['userId', 'revokedAt'])
export class Session {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'user_id' })
  userId!: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ name: 'user_agent', type: 'varchar', length: 255, nullable: true })
  userAgent!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @CreateDateColumn({ name: 'created_at', type: TIMESTAMP })
  createdAt!: Date;

  @Column({ name: 'last_used_at', type: TIMESTAMP })
  lastUsedAt!: Date;

  /** When the newest refresh token stops working; each rotation moves it. */
  @Column({ name: 'expires_at', type: TIMESTAMP })
  expiresAt!: Date;

  @Column({ name: 'revoked_at', type: TIMESTAMP, nullable: true })
  revokedAt!: Date | null;
}
