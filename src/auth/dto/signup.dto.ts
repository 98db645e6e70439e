import { IsBoolean, IsOptional } from 'class-validator';
import { IsAccountEmail, IsNewPassword, IsUsername } from '../../users/dto/account-fields';

export class SignupDto {
  /** 3 to 32 of `A-Z a-z 0-9 _ . -`; unique regardless of case. */
  @IsUsername()
  username!: string;

  /** Unique regardless of case; stored lower-cased. */
  @IsAccountEmail()
  email!: string;

  /** At least 8 characters. */
  @IsNewPassword()
  password!: string;

  /**
   * `true` for a browser session: the tokens are set as the cookies access_token, refresh_token
   * and csrf_token, and the body holds only `user`, `expiresIn` and `tokenType: "Cookie"`.
   */
  @IsOptional()
  @IsBoolean()
  cookie?: boolean;
}
