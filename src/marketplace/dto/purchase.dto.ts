import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsMoney } from '../../common/money';
import { IfGiven } from '../../common/validation';

/** The body of a purchase: optional, but clients should send the price the buyer agreed to. */
export class PurchaseDto {
  /**
   * The price the buyer saw and agrees to pay. When the listing's price is no longer this one
   * (the seller changed it), the purchase is refused with 409 naming the current price and
   * nothing changes. Without it, the listing is bought at whatever its price is at that moment.
   */
  @ApiPropertyOptional({ example: 12500.5 })
  @IfGiven()
  @IsMoney()
  expectedPrice?: number;
}
