import { IsOptional } from 'class-validator';
import { IfGiven } from '../../common/validation';
import { IsCarYear, IsCategory, IsMake, IsModel } from './car-fields';

/** `PATCH`: any of the fields; the others stay. `make`, `model` and `year` cannot be null; `category: null` clears it. */
export class UpdateCarDto {
  @IfGiven()
  @IsMake()
  make?: string;

  @IfGiven()
  @IsModel()
  model?: string;

  @IfGiven()
  @IsCarYear()
  year?: number;

  @IsOptional()
  @IsCategory()
  category?: string | null;
}
