import { Type } from 'class-transformer';
import {
  IsIn,
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
import { ListingStatus } from '../listing.entity';
import { ListingSpecsDto } from './listing-specs.dto';

/** `PUT`: the whole listing; `description` and `specs` left out are cleared. */
export class ReplaceListingDto {
  @IsMake()
  make!: string;

  @IsModel()
  model!: string;

  @IsCarYear()
  year!: number;

  @IsMoney()
  price!: number;

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

  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @IsIn([ListingStatus.Active, ListingStatus.Withdrawn])
  status?: ListingStatus.Active | ListingStatus.Withdrawn;
}
