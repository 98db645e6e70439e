import { IsOptional } from 'class-validator';
import { CarChangesDto } from './car-changes.dto';
import { IsCategory } from './car-fields';

/** `PATCH`: any of the fields; the others stay. `make`, `model` and `year` cannot be null; `category: null` clears it. */
export class UpdateCarDto extends CarChangesDto {
  @IsOptional()
  @IsCategory()
  category?: string | null;
}
