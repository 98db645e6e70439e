import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsDate,
  IsString,
  Length,
  MaxLength,
  ValidateBy,
  ValidateIf,
  ValidationOptions,
} from 'class-validator';

/**
 * Validates the property when it is present, and rejects `null` (unlike `@IsOptional()`, which
 * lets `null` through): for fields of partial updates that can be left out but not emptied.
 */
export const IfGiven = () => ValidateIf((_: object, value: unknown) => value !== undefined);

/** For `@Transform`: strings trimmed, anything else as it came (for the validators to judge). */
export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** For `@Transform` on emails: trimmed and lower-cased, as they are stored. */
export const normalizedEmail = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

/** `U+200B`: how a message names a character. */
export const codePointOf = (char: string) =>
  `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** A control character (C0, DEL, C1). */
export const CONTROL_CHARACTER = /\p{Cc}/u;

/**
 * Characters that print nothing or look like nothing: controls, format characters (zero-width
 * spaces and joiners, U+2060, U+FEFF, bidirectional overrides, the soft hyphen), private-use
 * characters, line and paragraph separators, the combining grapheme joiner and the Hangul fillers.
 * In a name they make look-alike duplicates (`Toy\u200Bota` beside `Toyota`).
 */
const HIDDEN_CHARACTER = /[\p{Cc}\p{Cf}\p{Co}\p{Zl}\p{Zp}\u034F\u115F\u1160\u3164\uFFA0]/u;

/**
 * For `@Transform` on names: Unicode NFC (so `Citroe\u0308n` and `Citroën` are one name), every
 * run of spaces of any kind as one space, trimmed. Anything else as it came.
 */
export const normalizedName = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? asName(value) : value;

/** A name as it is stored: NFC, runs of spaces of any kind as one space, trimmed. */
export const asName = (value: string) =>
  value
    .normalize('NFC')
    .replace(/\p{Zs}+/gu, ' ')
    .trim();

/** Whether a name holds a control or invisible character (see HIDDEN_CHARACTER). */
export const hasHiddenCharacter = (value: string) => HIDDEN_CHARACTER.test(value);

/** For `@Transform` on free text: Unicode NFC, nothing else changed. */
export const nfc = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.normalize('NFC') : value;

/** Refuses strings holding a character that `pattern` matches, naming it: `… (U+200B)`. */
function HasNo(name: string, pattern: RegExp, what: string, options?: ValidationOptions): PropertyDecorator {
  const found = (value: unknown) => (typeof value === 'string' ? pattern.exec(value)?.[0] : undefined);
  return ValidateBy(
    {
      name,
      validator: {
        validate: (value: unknown) => found(value) === undefined,
        defaultMessage: (args) => {
          const values: unknown[] = Array.isArray(args?.value) ? args.value : [args?.value];
          const char = values.map(found).find((match) => match !== undefined);
          return `$property must not contain ${what}${char ? ` (${codePointOf(char)})` : ''}`;
        },
      },
    },
    options,
  );
}

/** No control or invisible character (see HIDDEN_CHARACTER); `each` for arrays of names. */
export const HasNoHiddenCharacters = (options?: ValidationOptions) =>
  HasNo('hasNoHiddenCharacters', HIDDEN_CHARACTER, 'control or invisible characters', options);

/** No control character other than tab, line feed and carriage return: for free text. */
export const HasNoControlCharacters = () =>
  HasNo('hasNoControlCharacters', /(?![\t\n\r])\p{Cc}/u, 'control characters');

/**
 * A name (a make, a model, a title…): normalized as `normalizedName` says, then a string of
 * `min` to `max` characters without control or invisible characters. (The OpenAPI plugin sees no
 * limits inside a composed decorator, so they are stated to it here.)
 */
export const IsName = (min: number, max: number) =>
  applyDecorators(
    Transform(normalizedName),
    IsString(),
    Length(min, max),
    HasNoHiddenCharacters(),
    ApiProperty({ minLength: min, maxLength: max }),
  );

/** Free text (a description): NFC, at most `max` characters, no control characters but line breaks and tabs. */
export const IsFreeText = (max: number) =>
  applyDecorators(
    Transform(nfc),
    IsString(),
    MaxLength(max),
    HasNoControlCharacters(),
    ApiProperty({ maxLength: max }),
  );

/**
 * The longest timestamp text taken: room for any ISO-8601 form (`+002026-06-01T12:00:00.000000+02:00`
 * is 35 characters) and for the other forms `Date` reads.
 */
export const MAX_TIMESTAMP_TEXT_LENGTH = 64;

/**
 * For `@Transform` on dates: text up to MAX_TIMESTAMP_TEXT_LENGTH or a number becomes a `Date` (an
 * invalid one for nonsense, which `@IsDate()` refuses), anything else stays as it came for the
 * validators to refuse. (`@Type(() => Date)` would call `new Date(value)` on an object too, which
 * throws on `{"toString": 1}`: a 500.)
 */
const toDate = ({ value }: { value: unknown }) =>
  (typeof value === 'string' && value.length <= MAX_TIMESTAMP_TEXT_LENGTH) || typeof value === 'number'
    ? new Date(value)
    : value;

/**
 * A timestamp (ISO-8601 text, or milliseconds since 1970) within the years 0001 to 9999 (UTC):
 * outside them the databases store garbage (SQLite's text sorts wrong, PostgreSQL's year 0 is 1 BC).
 * The document shows it as text, the form clients send.
 */
export function IsTimestamp(): PropertyDecorator {
  const invalid = (value: unknown) => !(value instanceof Date) || Number.isNaN(value.getTime());
  return applyDecorators(
    Transform(toDate),
    IsDate({ message: '$property must be an ISO-8601 timestamp' }),
    ValidateBy({
      name: 'isWithinYears',
      validator: {
        // An invalid date is IsDate's to report.
        validate: (value: unknown) => {
          if (invalid(value)) return true;
          const year = (value as Date).getUTCFullYear();
          return year >= 1 && year <= 9999;
        },
        defaultMessage: () => '$property must be a timestamp between the years 0001 and 9999',
      },
    }),
    ApiProperty({ format: 'date-time', maxLength: MAX_TIMESTAMP_TEXT_LENGTH }),
  );
}
