import { Type } from 'class-transformer';
import {
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsCarYear, IsMake, IsModel } from '../../cars/dto/car-fields';
import { IsMoney } from '../../common/money';
import { ListingSpecsDto } from './listing-specs.dto';

/** A listing of a catalogue car (`carId`) or of a car described by `make`, `model` and `year`. */
export class CreateListingDto {
  /** A car of the catalogue; its make, model and year are copied. */
  @ValidateIf((dto: CreateListingDto) => dto.carId !== undefined)
  @IsInt()
  @Min(1)
  carId?: number;

  /** Required without `carId`. */
  @ValidateIf((dto: CreateListingDto) => dto.carId === undefined)
  @IsMake()
  make?: string;

  /** Required without `carId`. */
  @ValidateIf((dto: CreateListingDto) => dto.carId === undefined)
  @IsModel()
  model?: string;

  /** Required without `carId`. */
  @ValidateIf((dto: CreateListingDto) => dto.carId === undefined)
  @IsCarYear()
  year?: number;

  /** Asking price, at most 2 decimals (e.g. 12500.5). */
  @IsMoney()
  price!: number;

  /** Kilometres or miles on the clock, a whole number. */
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  mileage!: number;

  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ListingSpecsDto)
  specs?: ListingSpecsDto;
}
