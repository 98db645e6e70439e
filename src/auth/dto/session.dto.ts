export class SessionDto {
  id!: number;
  createdAt!: Date;
  /** Last sign-in or token refresh of this session. */
  lastUsedAt!: Date;
  userAgent!: string | null;
  ip!: string | null;
  /** True for the session of the token that asked. */
  current!: boolean;
}
