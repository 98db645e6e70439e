import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Max, Min, ValidateBy } from 'class-validator';

/** The largest amount accepted: ten million in the currency's major unit (fits 32-bit cents). */
export const MAX_AMOUNT = 10_000_000;

/**
 * Money travels as a decimal number of the major unit with at most 2 decimals (`12500.5`) and is
 * stored as integer cents, so sums and comparisons carry no binary floating-point error.
 */
export const toCents = (amount: number): number => Math.round(amount * 100);
export const fromCents = (cents: number | string): number => Number(cents) / 100;

/**
 * A finite number with at most 2 decimals. (class-validator's own decimal check reads the number's
 * text and fails on exponent forms such as 1e-7.)
 */
export function IsAmount(): PropertyDecorator {
  return ValidateBy({
    name: 'isAmount',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'number' && Number.isFinite(value) && Math.round(value * 100) / 100 === value,
      defaultMessage: () => '$property must be a number with at most 2 decimals',
    },
  });
}

/** The smallest amount accepted: one cent. */
export const MIN_AMOUNT = 0.01;

/**
 * A positive amount with at most 2 decimals, up to MAX_AMOUNT. (The OpenAPI plugin sees no limits
 * inside a composed decorator, so they are stated to it here.)
 */
export function IsMoney(): PropertyDecorator {
  return applyDecorators(
    IsAmount(),
    Min(MIN_AMOUNT),
    Max(MAX_AMOUNT),
    ApiProperty({ minimum: MIN_AMOUNT, maximum: MAX_AMOUNT }),
  );
}
