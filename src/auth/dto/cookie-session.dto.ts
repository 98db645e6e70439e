import { UserDto } from '../../users/dto/user.dto';

/** A browser session's answer: the tokens are in cookies, never in the body. */
export class CookieSessionDto {
  user!: UserDto;
  /** Seconds until the access token (and its cookie) expires. */
  expiresIn!: number;
  tokenType!: 'Cookie';
}
