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
export const USERNAME_PATTERN = /^[A-Za-z0-9_.-]{3,32}$/;

/** 3 to 32 of `A-Z a-z 0-9 _ . -` (unique regardless of case: the users service checks). */
export const IsUsername = () =>
  applyDecorators(
    IsString(),
    Matches(USERNAME_PATTERN, { message: '$property must be 3-32 characters of A-Z, a-z, 0-9, _ . -' }),
    ApiProperty({ pattern: USERNAME_PATTERN.source, minLength: 3, maxLength: 32 }),
  );

/** A valid email, trimmed and lower-cased as it is stored. */
export const IsAccountEmail = () =>
  applyDecorators(
    Transform(normalizedEmail),
    IsEmail({}, { message: '$property must be a valid email address' }),
    MaxLength(254),
    ApiProperty({ format: 'email', maxLength: 254 }),
  );

/** A new password: 8 to 256 characters. */
export const IsNewPassword = () =>
  applyDecorators(
    IsString(),
    MinLength(8, { message: '$property must be at least 8 characters long' }),
    MaxLength(256),
    ApiProperty({ minLength: 8, maxLength: 256 }),
  );
