import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsObject,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsCarYear, IsMake, IsModel } from '../../cars/dto/car-fields';
import { IsMoney } from '../../common/money';
import { ListingStatus } from '../listing.entity';
import { ListingSpecsDto } from './listing-specs.dto';

const given = (_: object, value: unknown) => value !== undefined;

/** `PATCH`: the fields given change. `status` moves between `active` and `withdrawn`. */
export class UpdateListingDto {
  @ValidateIf(given)
  @IsMake()
  make?: string;

  @ValidateIf(given)
  @IsModel()
  model?: string;

  @ValidateIf(given)
  @IsCarYear()
  year?: number;

  @ValidateIf(given)
  @IsMoney()
  price?: number;

  @ValidateIf(given)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  mileage?: number;

  @ValidateIf(given)
  @IsString()
  @MaxLength(5000)
  description?: string;

  /** Replaces the specs as a whole. */
  @ValidateIf(given)
  @IsObject()
  @ValidateNested()
  @Type(() => ListingSpecsDto)
  specs?: ListingSpecsDto;

  /** `withdrawn` takes the listing off the market; `active` puts it back. */
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @IsIn([ListingStatus.Active, ListingStatus.Withdrawn])
  status?: ListingStatus.Active | ListingStatus.Withdrawn;
}
