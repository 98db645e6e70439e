import { applyDecorators } from '@nestjs/common';
import { IsInt, ValidateBy } from 'class-validator';
import { IsName } from '../../common/validation';
import type { CarKey } from '../car-key';

/** The first model year (Benz Patent-Motorwagen); the last one accepted is two years ahead. */
export const FIRST_CAR_YEAR = 1886;
export const lastCarYear = () => new Date().getUTCFullYear() + 2;

/** Names of the catalogue (and of the car of a listing or an auction): NFC, no hidden characters. */
export const IsMake = () => IsName(1, 64);
export const IsModel = () => IsName(1, 128);
export const IsCategory = () => IsName(1, 64);

/** A model year from 1886 to two years from now (the bound is read at each validation). */
export function IsCarYear(): PropertyDecorator {
  return applyDecorators(
    IsInt(),
    ValidateBy({
      name: 'isCarYear',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'number' && value >= FIRST_CAR_YEAR && value <= lastCarYear(),
        defaultMessage: () => `year must be between ${FIRST_CAR_YEAR} and ${lastCarYear()}`,
      },
    }),
  );
}

/**
 * Whether `changes` describe another car than `current`: a listing or an auction so changed no
 * longer points at the catalogue car it was created from.
 */
export function describesAnotherCar(current: CarKey, changes: Partial<CarKey>): boolean {
  return (
    (changes.make !== undefined && changes.make !== current.make) ||
    (changes.model !== undefined && changes.model !== current.model) ||
    (changes.year !== undefined && changes.year !== current.year)
  );
}
