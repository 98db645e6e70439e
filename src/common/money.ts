import { applyDecorators } from '@nestjs/common';
import { IsNumber, Max, Min } from 'class-validator';

/** The largest amount accepted: ten million in the currency's major unit (fits 32-bit cents). */
export const MAX_AMOUNT = 10_000_000;

/**
 * Money travels as a decimal number of the major unit with at most 2 decimals (`12500.5`) and is
 * stored as integer cents, so sums and comparisons carry no binary floating-point error.
 */
export const toCents = (amount: number): number => Math.round(amount * 100);
export const fromCents = (cents: number | string): number => Number(cents) / 100;

/** A positive amount with at most 2 decimals, up to MAX_AMOUNT. */
export function IsMoney(): PropertyDecorator {
  return applyDecorators(
    IsNumber(
      { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 },
      { message: '$property must be a number with at most 2 decimals' },
    ),
    Min(0.01),
    Max(MAX_AMOUNT),
  );
}
