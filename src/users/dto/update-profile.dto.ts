import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { HasNoHiddenCharacters, IsName, normalizedName, trim } from '../../common/validation';

/** The longest display, first and last name. */
export const MAX_PERSON_NAME_LENGTH = 64;
export const MAX_PHONE_LENGTH = 32;
export const MAX_ADDRESS_LENGTH = 255;

/** Fields a user may change on their own profile; `null` clears one. */
export class UpdateProfileDto {
  /** Name shown to others, up to 64 characters, without control or invisible characters (no look-alikes). */
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @Transform(normalizedName)
  @IsString()
  @MaxLength(MAX_PERSON_NAME_LENGTH)
  @HasNoHiddenCharacters()
  displayName?: string | null;

  /** 1 to 64 characters, stored as `displayName` is (NFC, spaces folded, no invisible characters). */
  @IsOptional()
  @IsName(1, MAX_PERSON_NAME_LENGTH)
  firstName?: string | null;

  /** 1 to 64 characters, stored as `displayName` is (NFC, spaces folded, no invisible characters). */
  @IsOptional()
  @IsName(1, MAX_PERSON_NAME_LENGTH)
  lastName?: string | null;

  /** Phone number: digits, spaces and `+-()`, up to 32 characters. */
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @Transform(trim)
  @IsString()
  @MaxLength(MAX_PHONE_LENGTH)
  @Matches(/^\+?[0-9 ()-]{3,32}$/, { message: 'phone may hold digits, spaces and + - ( ) only' })
  phone?: string | null;

  /** Postal address, up to 255 characters. */
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @Transform(trim)
  @IsString()
  @MaxLength(MAX_ADDRESS_LENGTH)
  address?: string | null;
}
