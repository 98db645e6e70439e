import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../common/auth-user';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { DashboardService } from './dashboard.service';
import { DashboardDto } from './dto/dashboard.dto';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class DashboardController {
  constructor(private readonly dashboards: DashboardService) {}

  /** The caller's overview: listings by status, sales and purchases (counts, exact totals), favorites. */
  @Get('dashboard')
  // Served under /api/users: named as the users' routes are, not after this controller.
  @ApiOperation({ operationId: 'usersDashboard' })
  dashboard(@CurrentUser() user: AuthUser): Promise<DashboardDto> {
    return this.dashboards.forUser(user.id);
  }
}
