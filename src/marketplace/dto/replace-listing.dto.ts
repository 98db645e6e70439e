import { IsCarYear, IsMake, IsModel } from '../../cars/dto/car-fields';
import { ListingStatus } from '../listing.entity';
import { IsSellerStatus, ListingDetailsDto } from './listing-details.dto';

/** `PUT`: the whole listing; `description` and `specs` left out are cleared. */
export class ReplaceListingDto extends ListingDetailsDto {
  @IsMake()
  make!: string;

  @IsModel()
  model!: string;

  @IsCarYear()
  year!: number;

  @IsSellerStatus()
  status?: ListingStatus.Active | ListingStatus.Withdrawn;
}
