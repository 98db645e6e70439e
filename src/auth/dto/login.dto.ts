import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { normalizedEmail } from '../../common/validation';
import { MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH, MAX_USERNAME_LENGTH } from '../../users/dto/account-fields';

/** Sign in with `email` or `username` and the password (with both, `email` is used). */
export class LoginDto {
  @ValidateIf((dto: LoginDto) => dto.email !== undefined || dto.username === undefined)
  @Transform(normalizedEmail)
  @IsEmail({}, { message: 'email must be a valid email address (or send username instead)' })
  @MaxLength(MAX_EMAIL_LENGTH)
  email?: string;

  @ValidateIf((dto: LoginDto) => dto.username !== undefined)
  @IsString()
  @MaxLength(MAX_USERNAME_LENGTH)
  username?: string;

  @IsString()
  @MaxLength(MAX_PASSWORD_LENGTH)
  password!: string;

  /** `true` for a browser session: the tokens go into cookies, not the body (as for signup). */
  @IsOptional()
  @IsBoolean()
  cookie?: boolean;
}
