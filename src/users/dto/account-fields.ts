import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { normalizedEmail } from '../../common/validation';

/**
 * The rules of an account's sign-in fields, wherever an account is made or changed (a signup, an
 * admin's `POST`, `PUT` and `PATCH /api/users`). The OpenAPI plugin sees no limits inside a
 * composed decorator, so they are stated to it here.
 */
export const MIN_USERNAME_LENGTH = 3;
export const MAX_USERNAME_LENGTH = 32;
export const USERNAME_PATTERN = new RegExp(`^[A-Za-z0-9_.-]{${MIN_USERNAME_LENGTH},${MAX_USERNAME_LENGTH}}$`);

/** The longest email address (RFC 5321), and the longest `IsEmail` takes. */
export const MAX_EMAIL_LENGTH = 254;

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;

/** 3 to 32 of `A-Z a-z 0-9 _ . -` (unique regardless of case: the users service checks). */
export const IsUsername = () =>
  applyDecorators(
    IsString(),
    Matches(USERNAME_PATTERN, {
      message: `$property must be ${MIN_USERNAME_LENGTH}-${MAX_USERNAME_LENGTH} characters of A-Z, a-z, 0-9, _ . -`,
    }),
    ApiProperty({
      pattern: USERNAME_PATTERN.source,
      minLength: MIN_USERNAME_LENGTH,
      maxLength: MAX_USERNAME_LENGTH,
    }),
  );

/** A valid email, trimmed and lower-cased as it is stored. */
export const IsAccountEmail = () =>
  applyDecorators(
    Transform(normalizedEmail),
    IsEmail({}, { message: '$property must be a valid email address' }),
    MaxLength(MAX_EMAIL_LENGTH),
    ApiProperty({ format: 'email', maxLength: MAX_EMAIL_LENGTH }),
  );

/** A new password: 8 to 256 characters. */
export const IsNewPassword = () =>
  applyDecorators(
    IsString(),
    MinLength(MIN_PASSWORD_LENGTH, {
      message: `$property must be at least ${MIN_PASSWORD_LENGTH} characters long`,
    }),
    MaxLength(MAX_PASSWORD_LENGTH),
    ApiProperty({ minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH }),
  );
