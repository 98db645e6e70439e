import { ApiProperty } from '@nestjs/swagger';
import { base64UrlLength } from '../../common/base64url';
import { UserDto } from '../../users/dto/user.dto';

/**
 * A bound on an access token's length. It is an HS256 JWS: a 36-character header, the claims
 * `sub`, `role`, `sid`, `iat` and `exp` (no number prints longer than 24 characters, so under 150
 * bytes, 200 characters in base64url) and a 43-character signature: under 300 characters in all,
 * with room left for a claim more.
 */
export const MAX_ACCESS_TOKEN_LENGTH = 512;

/** The random bytes of a refresh token. */
export const REFRESH_TOKEN_BYTES = 32;
/** A refresh token's length: its bytes in base64url, unpadded. */
export const REFRESH_TOKEN_LENGTH = base64UrlLength(REFRESH_TOKEN_BYTES);

export class TokensDto {
  /** Short-lived JWT for `Authorization: Bearer …`. */
  @ApiProperty({ maxLength: MAX_ACCESS_TOKEN_LENGTH })
  accessToken!: string;
  /** Opaque, single-use token for `POST /api/auth/refresh`. */
  @ApiProperty({ minLength: REFRESH_TOKEN_LENGTH, maxLength: REFRESH_TOKEN_LENGTH })
  refreshToken!: string;
  tokenType!: 'Bearer';
  /** Seconds until the access token expires. */
  expiresIn!: number;
  user!: UserDto;
}
