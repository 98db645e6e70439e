import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsInt, ValidateBy } from 'class-validator';
import { MAX_CATEGORY_LENGTH, MAX_MAKE_LENGTH, MAX_MODEL_LENGTH } from '../../common/car-name-lengths';
import { IsName } from '../../common/validation';
import type { CarKey } from '../car-key';

/** The first model year (Benz Patent-Motorwagen); the last one accepted is two years ahead. */
export const FIRST_CAR_YEAR = 1886;
export const lastCarYear = () => new Date().getUTCFullYear() + 2;

/** Names of the catalogue (and of the car of a listing or an auction): NFC, no hidden characters. */
export const IsMake = () => IsName(1, MAX_MAKE_LENGTH);
export const IsModel = () => IsName(1, MAX_MODEL_LENGTH);
export const IsCategory = () => IsName(1, MAX_CATEGORY_LENGTH);

/**
 * A model year from 1886 to two years from now (the bound is read at each validation, so the
 * document states only the first).
 */
export function IsCarYear(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ minimum: FIRST_CAR_YEAR }),
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
