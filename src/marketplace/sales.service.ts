import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuthUser } from '../common/auth-user';
import { paginate, Paginated } from '../common/pagination/paginated';
import { QueryTransactionsDto, toTransactionDto, TransactionDto } from './dto/transaction.dto';
import { Transaction } from './transaction.entity';

/** The caller's purchases and sales; nobody reads another user's transactions (404). */
@Injectable()
export class SalesService {
  constructor(@InjectRepository(Transaction) private readonly transactions: Repository<Transaction>) {}

  async list(user: AuthUser, query: QueryTransactionsDto): Promise<Paginated<TransactionDto>> {
    const builder = this.transactions.createQueryBuilder('transaction');
    if (query.role === 'buyer') builder.where('transaction.buyerId = :id', { id: user.id });
    else if (query.role === 'seller') builder.where('transaction.sellerId = :id', { id: user.id });
    else builder.where('(transaction.buyerId = :id OR transaction.sellerId = :id)', { id: user.id });
    builder.orderBy('transaction.createdAt', 'DESC').addOrderBy('transaction.id', 'DESC');
    const page = await paginate(builder, query);
    return { ...page, data: page.data.map(toTransactionDto) };
  }

  async get(user: AuthUser, id: number): Promise<TransactionDto> {
    const transaction = await this.transactions
      .createQueryBuilder('transaction')
      .where('transaction.id = :id AND (transaction.buyerId = :user OR transaction.sellerId = :user)', {
        id,
        user: user.id,
      })
      .getOne();
    if (!transaction) throw new NotFoundException(`Transaction ${id} not found`);
    return toTransactionDto(transaction);
  }
}
