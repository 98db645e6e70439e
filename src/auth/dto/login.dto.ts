import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { normalizedEmail } from '../../common/validation';

/** Sign in with `email` or `username` and the password (with both, `email` is used). */
export class LoginDto {
  @ValidateIf((dto: LoginDto) => dto.email !== undefined || dto.username === undefined)
  @Transform(normalizedEmail)
  @IsEmail({}, { message: 'email must be a valid email address (or send username instead)' })
  @MaxLength(254)
  email?: string;

  @ValidateIf((dto: LoginDto) => dto.username !== undefined)
  @IsString()
  @MaxLength(32)
  username?: string;

  @IsString()
  @MaxLength(256)
  password!: string;

  /** `true` for a browser session: the tokens go into cookies, not the body (as for signup). */
  @IsOptional()
  @IsBoolean()
  cookie?: boolean;
}
