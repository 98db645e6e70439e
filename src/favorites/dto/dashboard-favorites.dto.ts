import { FavoriteDto } from './favorite.dto';

export class DashboardFavoritesDto {
  count!: number;
  recent!: FavoriteDto[];
}
