import { fromCents } from '../../common/money';
import { PublicUserDto, toPublicUserDto } from '../../users/dto/user.dto';
import { User } from '../../users/user.entity';
import { Condition, FuelType, Transmission } from '../car-specs';
import { Listing, ListingStatus } from '../listing.entity';

export class ListingCarDto {
  make!: string;
  model!: string;
  year!: number;
  carId!: number | null;
}

export class ListingSpecsViewDto {
  condition!: Condition | null;
  fuelType!: FuelType | null;
  transmission!: Transmission | null;
  color!: string | null;
  engine!: string | null;
  features!: string[];
}

export class ListingDto {
  id!: number;
  seller!: PublicUserDto;
  car!: ListingCarDto;
  /** Decimal amount of the major unit (at most 2 decimals). */
  price!: number;
  mileage!: number;
  description!: string;
  specs!: ListingSpecsViewDto;
  status!: ListingStatus;
  createdAt!: Date;
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
