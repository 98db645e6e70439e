import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsInt, IsString, Length, ValidateBy } from 'class-validator';

/** The first model year (Benz Patent-Motorwagen); the last one accepted is two years ahead. */
export const FIRST_CAR_YEAR = 1886;
export const lastCarYear = () => new Date().getUTCFullYear() + 2;

const trim = Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

export const IsMake = () => applyDecorators(trim, IsString(), Length(1, 64));
export const IsModel = () => applyDecorators(trim, IsString(), Length(1, 128));
export const IsCategory = () => applyDecorators(trim, IsString(), Length(1, 64));

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
