import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Role } from '../common/roles';
import { TIMESTAMP } from '../database/column-types';

@Entity('users')
// Case-insensitive uniqueness of usernames: an index on lower(username), created by the migrations.
@Index('UQ_users_username_lower', { synchronize: false })
export class User {
  @PrimaryGeneratedColumn()
  id!: number;

  /** Unique case-insensitively (an index on `lower(username)` in the migrations). */
  @Column({ length: 32 })
  username!: string;

  /** Stored lower-cased, so the unique index makes it unique case-insensitively. */
  @Index({ unique: true })
  @Column({ length: 254 })
  email!: string;

  /** argon2id PHC string; never selected unless asked for. */
  @Column({ name: 'password_hash', length: 255, select: false })
  passwordHash!: string;

  @Column({ length: 16, default: Role.User })
  role!: Role;

  @Column({ name: 'display_name', type: 'varchar', length: 64, nullable: true })
  displayName!: string | null;

  @Column({ name: 'first_name', type: 'varchar', length: 64, nullable: true })
  firstName!: string | null;

  @Column({ name: 'last_name', type: 'varchar', length: 64, nullable: true })
  lastName!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  phone!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  address!: string | null;

  @CreateDateColumn({ name: 'created_at', type: TIMESTAMP })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: TIMESTAMP })
  updatedAt!: Date;
}
