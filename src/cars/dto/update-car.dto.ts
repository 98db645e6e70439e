import { IsOptional, ValidateIf } from 'class-validator';
import { IsCarYear, IsCategory, IsMake, IsModel } from './car-fields';

const given = (_: object, value: unknown) => value !== undefined;

/** `PATCH`: any of the fields; the others stay. `make`, `model` and `year` cannot be null; `category: null` clears it. */
export class UpdateCarDto {
  @ValidateIf(given)
  @IsMake()
  make?: string;

  @ValidateIf(given)
  @IsModel()
  model?: string;

  @ValidateIf(given)
  @IsCarYear()
  year?: number;

  @IsOptional()
  @IsCategory()
  category?: string | null;
}
