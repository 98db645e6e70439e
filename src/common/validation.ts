import { ValidateIf } from 'class-validator';

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

/**
 * For `@Transform` on dates: text or a number becomes a `Date` (an invalid one for nonsense, which
 * `@IsDate()` refuses), anything else stays as it came for the validators to refuse. (`@Type(() =>
 * Date)` would call `new Date(value)` on an object too, which throws on `{"toString": 1}`: a 500.)
 */
export const toDate = ({ value }: { value: unknown }) =>
  typeof value === 'string' || typeof value === 'number' ? new Date(value) : value;
