import { UserDto } from '../../users/dto/user.dto';

export class TokensDto {
  /** Short-lived JWT for `Authorization: Bearer …`. */
  accessToken!: string;
  /** Opaque, single-use token for `POST /api/auth/refresh`. */
  refreshToken!: string;
  tokenType!: 'Bearer';
  /** Seconds until the access token expires. */
  expiresIn!: number;
  user!: UserDto;
}
