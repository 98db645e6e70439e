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
