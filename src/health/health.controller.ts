import { Controller, Get, HttpStatus, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Response } from 'express';
import { Public } from '../common/decorators/public.decorator';
import { Roles } from '../common/decorators/roles.decorator';
import { Role } from '../common/roles';
import { APP_VERSION } from './app-version';
import { HealthDto, StatsDto, StatusDto } from './dto/status.dto';
import { RedisHealthIndicator } from './redis.health';
import { StatsService } from './stats.service';

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly statistics: StatsService,
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
  stats(): Promise<StatsDto> {
    return this.statistics.stats();
  }
}
