import { Controller, Get, HttpStatus, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { Response } from 'express';
import { DataSource, IsNull } from 'typeorm';
import { Auction } from '../auctions/auction.entity';
import { Bid } from '../auctions/bid.entity';
import { Car } from '../cars/car.entity';
import { Listing } from '../marketplace/listing.entity';
import { Transaction } from '../marketplace/transaction.entity';
import { Public } from '../common/decorators/public.decorator';
import { Roles } from '../common/decorators/roles.decorator';
import { toSyncRunDto } from '../sync/dto/sync.dto';
import { SyncRun } from '../sync/sync-run.entity';
import { Role } from '../common/roles';
import { User } from '../users/user.entity';
import { APP_VERSION } from './app-version';
import { HealthDto, StatsDto, StatusDto } from './dto/status.dto';
import { RedisHealthIndicator } from './redis.health';

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Database and Redis reachability: 200 when both answer, 503 otherwise. */
  @Public()
  @Get('health')
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: HealthDto })
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthDto> {
    const result = await this.health
      .check([
        () => this.database.pingCheck('database').withTimeout(1_500),
        () => this.redis.pingCheck('redis'),
      ])
      .catch((error: unknown) => {
        if (error instanceof ServiceUnavailableException) return error.getResponse() as HealthCheckResult;
        throw error;
      });
    if (result.status !== 'ok') response.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: result.status, checks: result.details };
  }

  /** Liveness and version, without touching dependencies. */
  @Public()
  @Get('status')
  status(): StatusDto {
    return { status: 'ok', version: APP_VERSION, uptime: Math.round(process.uptime()) };
  }

  /** Admin: row counts and the last sync run. */
  @ApiBearerAuth()
  @Roles(Role.Admin)
  @Get('stats')
  async stats(): Promise<StatsDto> {
    const [users, cars, listings, auctions, bids, transactions, lastRun] = await Promise.all([
      this.dataSource.getRepository(User).count(),
      this.dataSource.getRepository(Car).count({ where: { removedAt: IsNull() } }),
      this.dataSource.getRepository(Listing).count(),
      this.dataSource.getRepository(Auction).count(),
      this.dataSource.getRepository(Bid).count(),
      this.dataSource.getRepository(Transaction).count(),
      this.dataSource.getRepository(SyncRun).findOne({ where: {}, order: { id: 'DESC' } }),
    ]);
    return {
      users,
      cars,
      listings,
      auctions,
      bids,
      transactions,
      lastSyncRun: lastRun ? toSyncRunDto(lastRun) : null,
    };
  }
}
