import { IsInt, Max, Min, ValidateBy, ValidateIf } from 'class-validator';
import { IsCarYear, IsMake, IsModel } from '../../cars/dto/car-fields';
import { MAX_ID } from '../../common/pipes/parse-id.pipe';
import { IfGiven } from '../../common/validation';
import { ListingDetailsDto } from './listing-details.dto';

const withoutCarId = (dto: CreateListingDto) => dto.carId === undefined;

/** `make`, `model` and `year` as far as they are given (`null` counts: it was sent). */
const carFieldsGiven = (dto: object) =>
  (['make', 'model', 'year'] as const).filter((field) => (dto as CreateListingDto)[field] !== undefined);

/** `make`, `make and year`, `make, model and year`. */
const listed = (names: string[]) =>
  names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names.join('');

/**
 * `carId` names the car, so `make`, `model` or `year` beside it would be ignored: they are
 * refused instead, lest the client believe they were stored.
 */
const IsAloneOfItsCar = () =>
  ValidateBy({
    name: 'isAloneOfItsCar',
    validator: {
      validate: (_: unknown, args) => carFieldsGiven(args!.object).length === 0,
      defaultMessage: (args) =>
        `carId cannot be combined with ${listed(carFieldsGiven(args!.object))}: ` +
        'send either carId or make, model and year',
    },
  });

/** A listing of a catalogue car (`carId`) or of a car described by `make`, `model` and `year`. */
export class CreateListingDto extends ListingDetailsDto {
  /** A car of the catalogue; its make, model and year are copied. Not together with them (400). */
  @IfGiven()
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  @IsAloneOfItsCar()
  carId?: number;

  /** Required without `carId`, refused with it. */
  @ValidateIf(withoutCarId)
  @IsMake()
  make?: string;

  /** Required without `carId`, refused with it. */
  @ValidateIf(withoutCarId)
  @IsModel()
  model?: string;

  /** Required without `carId`, refused with it. */
  @ValidateIf(withoutCarId)
  @IsCarYear()
  year?: number;
}
