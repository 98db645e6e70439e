import { ApiProperty } from '@nestjs/swagger';
import { ApiTimestamp } from '../../common/api-timestamp';

/** The longest user agent and client address a session keeps (the lengths of their columns). */
export const MAX_USER_AGENT_LENGTH = 255;
export const MAX_IP_LENGTH = 64;

export class SessionDto {
  id!: number;
  @ApiTimestamp()
  createdAt!: Date;
  /** Last sign-in or token refresh of this session. */
  @ApiTimestamp()
  lastUsedAt!: Date;
  /** The `User-Agent` of the sign-in, cut to its first 255 characters. */
  @ApiProperty({ maxLength: MAX_USER_AGENT_LENGTH })
  userAgent!: string | null;
  @ApiProperty({ maxLength: MAX_IP_LENGTH })
  ip!: string | null;
  /** True for the session of the token that asked. */
  current!: boolean;
}
