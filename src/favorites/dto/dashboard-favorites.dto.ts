import { ApiProperty } from '@nestjs/swagger';
import { DASHBOARD_RECENT } from '../../marketplace/dto/dashboard-marketplace.dto';
import { FavoriteDto } from './favorite.dto';

export class DashboardFavoritesDto {
  count!: number;
  /** The five newest. */
  @ApiProperty({ maxItems: DASHBOARD_RECENT })
  recent!: FavoriteDto[];
}
