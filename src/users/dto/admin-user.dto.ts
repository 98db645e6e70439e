import { ApiProperty, PartialType } from '@nestjs/swagger';
import { IsEnum } from 'class-validator';
import { IfGiven } from '../../common/validation';
import { Role } from '../../common/roles';
import { IsAccountEmail, IsNewPassword, IsUsername } from './account-fields';
import { UpdateProfileDto } from './update-profile.dto';
import { ROLE_SCHEMA } from './user.dto';

/**
 * `PUT`: the whole record. `username` and `email` are required; the profile fields left out are
 * cleared; `role` left out stays as it is. The password is never set here.
 */
export class ReplaceUserDto extends UpdateProfileDto {
  /** 3 to 32 of `A-Z a-z 0-9 _ . -`; unique regardless of case. */
  @IsUsername()
  username!: string;

  /** Unique regardless of case; stored lower-cased. */
  @IsAccountEmail()
  email!: string;

  /**
   * `user` unless given on creation; left out of a `PUT` or `PATCH`, it stays as it is. An admin
   * cannot remove their own admin role (409).
   */
  @ApiProperty(ROLE_SCHEMA)
  @IfGiven()
  @IsEnum(Role)
  role?: Role;
}

/** A new account, by signup's rules (`username`, `email`, `password`), with a role and profile fields. */
export class CreateUserDto extends ReplaceUserDto {
  /** At least 8 characters. */
  @IsNewPassword()
  password!: string;
}

/** `PATCH`: the fields given change; `null` clears a profile field (not `username`, `email` or `role`). */
export class UpdateUserDto extends PartialType(ReplaceUserDto, { skipNullProperties: false }) {}
