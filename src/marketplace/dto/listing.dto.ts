import { ApiProperty } from '@nestjs/swagger';
import { ApiTimestamp } from '../../common/api-timestamp';
import { MAX_MAKE_LENGTH, MAX_MODEL_LENGTH } from '../../common/car-name-lengths';
import { fromCents } from '../../common/money';
import { PublicUserDto, toPublicUserDto } from '../../users/dto/user.dto';
import { User } from '../../users/user.entity';
import { Condition, FuelType, Transmission } from '../car-specs';
import { Listing, ListingStatus } from '../listing.entity';
import { MAX_DESCRIPTION_LENGTH } from './listing-details.dto';
import {
  CONDITION_SCHEMA,
  FUEL_TYPE_SCHEMA,
  MAX_COLOR_LENGTH,
  MAX_ENGINE_LENGTH,
  MAX_FEATURE_LENGTH,
  MAX_FEATURES,
  TRANSMISSION_SCHEMA,
} from './listing-specs.dto';

/** `status` of a listing wherever it is read or filtered on: one named type for client generators. */
export const LISTING_STATUS_SCHEMA = { enum: ListingStatus, enumName: 'ListingStatus' };

export class ListingCarDto {
  @ApiProperty({ maxLength: MAX_MAKE_LENGTH })
  make!: string;
  @ApiProperty({ maxLength: MAX_MODEL_LENGTH })
  model!: string;
  year!: number;
  carId!: number | null;
}

export class ListingSpecsViewDto {
  @ApiProperty(CONDITION_SCHEMA)
  condition!: Condition | null;
  @ApiProperty(FUEL_TYPE_SCHEMA)
  fuelType!: FuelType | null;
  @ApiProperty(TRANSMISSION_SCHEMA)
  transmission!: Transmission | null;
  @ApiProperty({ maxLength: MAX_COLOR_LENGTH })
  color!: string | null;
  @ApiProperty({ maxLength: MAX_ENGINE_LENGTH })
  engine!: string | null;
  @ApiProperty({ maxItems: MAX_FEATURES, maxLength: MAX_FEATURE_LENGTH })
  features!: string[];
}

export class ListingDto {
  id!: number;
  seller!: PublicUserDto;
  car!: ListingCarDto;
  /** Decimal amount of the major unit (at most 2 decimals). */
  price!: number;
  mileage!: number;
  @ApiProperty({ maxLength: MAX_DESCRIPTION_LENGTH })
  description!: string;
  specs!: ListingSpecsViewDto;
  @ApiProperty(LISTING_STATUS_SCHEMA)
  status!: ListingStatus;
  @ApiTimestamp()
  createdAt!: Date;
  @ApiTimestamp()
  updatedAt!: Date;
}

/** A listing loaded with its seller. */
export type ListingWithSeller = Listing & { seller: User };

export function toListingDto(listing: ListingWithSeller): ListingDto {
  return {
    id: listing.id,
    seller: toPublicUserDto(listing.seller),
    car: { make: listing.make, model: listing.model, year: listing.year, carId: listing.carId },
    price: fromCents(listing.priceCents),
    mileage: listing.mileage,
    description: listing.description,
    specs: { ...listing.specs },
    status: listing.status,
    createdAt: listing.createdAt,
    updatedAt: listing.updatedAt,
  };
}
