import { IfGiven } from '../../common/validation';
import { IsCarYear, IsMake, IsModel } from './car-fields';

/** The car fields of a `PATCH` (of a car, a listing or an auction): each optional, none nullable. */
export class CarChangesDto {
  @IfGiven()
  @IsMake()
  make?: string;

  @IfGiven()
  @IsModel()
  model?: string;

  @IfGiven()
  @IsCarYear()
  year?: number;
}
