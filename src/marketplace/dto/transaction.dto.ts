import { IsIn, IsOptional } from 'class-validator';
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
  createdAt!: Date;
}

export class QueryTransactionsDto extends PaginationQueryDto {
  /** Only purchases (`buyer`) or only sales (`seller`); both by default. */
  @IsOptional()
  @IsIn(['buyer', 'seller'])
  role?: 'buyer' | 'seller';
}

export function toTransactionDto(transaction: Transaction): TransactionDto {
  const { id, listingId, auctionId, buyerId, sellerId, priceCents, createdAt } = transaction;
  return { id, listingId, auctionId, buyerId, sellerId, price: fromCents(priceCents), createdAt };
}
