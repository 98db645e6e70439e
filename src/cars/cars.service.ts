import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AuthUser } from '../common/auth-user';
import { containsPattern } from '../common/like-pattern';
import { applySort, paginate, Paginated } from '../common/pagination/paginated';
import { TransactionsService } from '../database/transactions.service';
import { Role } from '../common/roles';
import { Car, CarSource } from './car.entity';
import { CarKey, findCarByKey } from './car-of-sale';
import { CarDto, toCarDto } from './dto/car.dto';
import { CreateCarDto } from './dto/create-car.dto';
import { QueryCarsDto } from './dto/query-cars.dto';
import { UpdateCarDto } from './dto/update-car.dto';

const SORT_COLUMNS = { make: 'car.make', model: 'car.model', year: 'car.year', createdAt: 'car.createdAt' };

@Injectable()
export class CarsService {
  constructor(
    @InjectRepository(Car) private readonly cars: Repository<Car>,
    private readonly transactions: TransactionsService,
  ) {}

  async list(query: QueryCarsDto): Promise<Paginated<CarDto>> {
    const builder = this.cars.createQueryBuilder('car');
    if (!query.includeRemoved) builder.andWhere('car.removedAt IS NULL');
    if (query.make) builder.andWhere('LOWER(car.make) = LOWER(:make)', { make: query.make });
    if (query.model) builder.andWhere('LOWER(car.model) = LOWER(:model)', { model: query.model });
    if (query.year !== undefined) builder.andWhere('car.year = :year', { year: query.year });
    if (query.yearFrom !== undefined) builder.andWhere('car.year >= :yearFrom', { yearFrom: query.yearFrom });
    if (query.yearTo !== undefined) builder.andWhere('car.year <= :yearTo', { yearTo: query.yearTo });
    if (query.category) {
      builder.andWhere('LOWER(car.category) = LOWER(:category)', { category: query.category });
    }
    if (query.source) builder.andWhere('car.source = :source', { source: query.source });
    if (query.q) {
      builder.andWhere(
        "(LOWER(car.make) LIKE LOWER(:q) ESCAPE '\\' OR LOWER(car.model) LIKE LOWER(:q) ESCAPE '\\')",
        {
          q: containsPattern(query.q),
        },
      );
    }
    applySort(builder, query.sort, SORT_COLUMNS, 'make');
    const page = await paginate(builder, query);
    return { ...page, data: page.data.map(toCarDto) };
  }

  async get(id: number): Promise<CarDto> {
    return toCarDto(await this.find(this.cars.manager, id));
  }

  async create(user: AuthUser, dto: CreateCarDto): Promise<CarDto> {
    const car = await this.transactions.run(async (manager) => {
      await this.assertKeyFree(manager, dto);
      return manager.save(
        manager.create(Car, {
          make: dto.make,
          model: dto.model,
          year: dto.year,
          category: dto.category ?? null,
          source: CarSource.Manual,
          createdById: user.id,
        }),
      );
    });
    return toCarDto(car);
  }

  /** `PATCH` (only the given fields) and `PUT` (`replace`: a missing category is cleared). */
  async update(user: AuthUser, id: number, dto: UpdateCarDto, replace = false): Promise<CarDto> {
    const car = await this.transactions.run(async (manager) => {
      const car = await this.find(manager, id);
      this.assertMayChange(user, car);
      const next = {
        make: dto.make ?? car.make,
        model: dto.model ?? car.model,
        year: dto.year ?? car.year,
        category: replace || dto.category !== undefined ? (dto.category ?? null) : car.category,
      };
      await this.assertKeyFree(manager, next, id);
      await manager.update(Car, id, next);
      return this.find(manager, id);
    });
    return toCarDto(car);
  }

  async remove(user: AuthUser, id: number): Promise<void> {
    await this.transactions.run(async (manager) => {
      this.assertMayChange(user, await this.find(manager, id));
      await manager.delete(Car, id);
    });
  }

  private async find(manager: EntityManager, id: number): Promise<Car> {
    const car = await manager.findOneBy(Car, { id });
    if (!car) throw new NotFoundException(`Car ${id} not found`);
    return car;
  }

  /** Synced cars belong to the sync (admins may correct them); manual ones to their creator. */
  private assertMayChange(user: AuthUser, car: Car): void {
    if (user.role === Role.Admin) return;
    if (car.source === CarSource.Sync) {
      throw new ForbiddenException('Cars from the sync can be changed by admins only');
    }
    if (car.createdById !== user.id) {
      throw new ForbiddenException('Only the creator of this car or an admin can change it');
    }
  }

  /** 409 when another car has the same make, model and year (any letter case). */
  private async assertKeyFree(manager: EntityManager, key: CarKey, exceptId?: number): Promise<void> {
    const existing = await findCarByKey(manager, key, exceptId);
    if (existing) {
      throw new ConflictException(
        `${key.make} ${key.model} ${key.year} is already in the catalogue (car ${existing.id})`,
      );
    }
  }
}
