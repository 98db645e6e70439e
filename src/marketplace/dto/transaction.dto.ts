import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ApiTimestamp } from '../../common/api-timestamp';
import { fromCents } from '../../common/money';
import { PaginationQueryDto } from '../../common/pagination/pagination-query.dto';
import { Transaction } from '../transaction.entity';

export class TransactionDto {
  id!: number;
  listingId!: number | null;
  auctionId!: number | null;
  buyerId!: number | null;
  sellerId!: number | null;
  price!: number;
  @ApiTimestamp()
  createdAt!: Date;
}

const TRANSACTION_ROLES = ['buyer', 'seller'] as const;

export class QueryTransactionsDto extends PaginationQueryDto {
  /** Only purchases (`buyer`) or only sales (`seller`); both by default. */
  @ApiPropertyOptional({ enum: TRANSACTION_ROLES, enumName: 'TransactionRole' })
  @IsOptional()
  @IsIn(TRANSACTION_ROLES)
  role?: (typeof TRANSACTION_ROLES)[number];
}

export function toTransactionDto(transaction: Transaction): TransactionDto {
  const { id, listingId, auctionId, buyerId, sellerId, priceCents, createdAt } = transaction;
  return { id, listingId, auctionId, buyerId, sellerId, price: fromCents(priceCents), createdAt };
}
