import { IsInt, Max, Min, ValidateIf } from 'class-validator';
import { IsCarYear, IsMake, IsModel } from '../../cars/dto/car-fields';
import { IfGiven } from '../../common/validation';
import { ListingDetailsDto } from './listing-details.dto';

const withoutCarId = (dto: CreateListingDto) => dto.carId === undefined;

/** A listing of a catalogue car (`carId`) or of a car described by `make`, `model` and `year`. */
export class CreateListingDto extends ListingDetailsDto {
  /** A car of the catalogue; its make, model and year are copied. */
  @IfGiven()
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  carId?: number;

  /** Required without `carId`. */
  @ValidateIf(withoutCarId)
  @IsMake()
  make?: string;

  /** Required without `carId`. */
  @ValidateIf(withoutCarId)
  @IsModel()
  model?: string;

  /** Required without `carId`. */
  @ValidateIf(withoutCarId)
  @IsCarYear()
  year?: number;
}
