import { Transform } from 'class-transformer';
import { normalizedEmail } from '../../common/validation';
import { IsEmail, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export const USERNAME_PATTERN = /^[A-Za-z0-9_.-]{3,32}$/;

export class SignupDto {
  /** 3 to 32 of `A-Z a-z 0-9 _ . -`; unique regardless of case. */
  @IsString()
  @Matches(USERNAME_PATTERN, { message: 'username must be 3-32 characters of A-Z, a-z, 0-9, _ . -' })
  username!: string;

  /** Unique regardless of case; stored lower-cased. */
  @Transform(normalizedEmail)
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email!: string;

  /** At least 8 characters. */
  @IsString()
  @MinLength(8, { message: 'password must be at least 8 characters long' })
  @MaxLength(256)
  password!: string;
}
