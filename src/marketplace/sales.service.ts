import { Injectable, NotFoundException } from '@nestjs/common';
import { AuthUser } from '../common/auth-user';
import { fromCents } from '../common/money';
import { Paginated } from '../common/pagination/paginated';
import { DASHBOARD_RECENT, DashboardMoneyDto } from './dto/dashboard-marketplace.dto';
import { QueryTransactionsDto, toTransactionDto, TransactionDto } from './dto/transaction.dto';
import { MarketplaceRepository, SaleSide } from './marketplace.repository';

/** The caller's purchases and sales; nobody reads another user's transactions (404). */
@Injectable()
export class SalesService {
  constructor(private readonly market: MarketplaceRepository) {}

  async list(user: AuthUser, query: QueryTransactionsDto): Promise<Paginated<TransactionDto>> {
    const page = await this.market.listTransactionsOf(user.id, query.role, query);
    return { ...page, data: page.data.map(toTransactionDto) };
  }

  async get(user: AuthUser, id: number): Promise<TransactionDto> {
    const transaction = await this.market.findTransactionOf(user.id, id);
    if (!transaction) throw new NotFoundException(`Transaction ${id} not found`);
    return toTransactionDto(transaction);
  }

  /** The user's sales and purchases for their dashboard: counts, totals (exact) and the newest. */
  async dashboardFor(userId: number): Promise<{ sales: DashboardMoneyDto; purchases: DashboardMoneyDto }> {
    const [sales, purchases] = await Promise.all([this.money(userId, 'seller'), this.money(userId, 'buyer')]);
    return { sales, purchases };
  }

  private async money(userId: number, side: SaleSide): Promise<DashboardMoneyDto> {
    const [totals, recent] = await Promise.all([
      this.market.saleTotalsOf(userId, side),
      this.market.newestTransactionsOf(userId, side, DASHBOARD_RECENT),
    ]);
    return { count: totals.count, total: fromCents(totals.cents), recent: recent.map(toTransactionDto) };
  }
}
