import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { CatalogueVersion } from '../catalogue-version/catalogue-version';
import { AuthUser } from '../common/auth-user';
import { Paginated } from '../common/pagination/paginated';
import { Role } from '../common/roles';
import { TransactionsService } from '../database/transactions.service';
import { Car, CarSource } from './car.entity';
import { CarKey } from './car-key';
import { CarsRepository } from './cars.repository';
import { CarDto, toCarDto } from './dto/car.dto';
import { CreateCarDto } from './dto/create-car.dto';
import { QueryCarsDto } from './dto/query-cars.dto';
import { UpdateCarDto } from './dto/update-car.dto';

/** The catalogue. A write moves the catalogue version once committed, before it answers (see CatalogueVersion). */
@Injectable()
export class CarsService {
  constructor(
    private readonly cars: CarsRepository,
    private readonly transactions: TransactionsService,
    private readonly version: CatalogueVersion,
  ) {}

  async list(query: QueryCarsDto): Promise<Paginated<CarDto>> {
    const page = await this.cars.list(query);
    return { ...page, data: page.data.map(toCarDto) };
  }

  async get(id: number): Promise<CarDto> {
    return toCarDto(await this.find(id));
  }

  /**
   * The car a listing or an auction is of: the catalogue car `carId` (400 when there is none), or
   * the `make`, `model` and `year` given (the DTO requires them without `carId`). Inside a unit of
   * work the catalogue is read in that unit.
   */
  async carOfSale(dto: { carId?: number; make?: string; model?: string; year?: number }): Promise<CarKey> {
    if (dto.carId === undefined) return { make: dto.make!, model: dto.model!, year: dto.year! };
    const car = await this.cars.findById(dto.carId);
    if (!car) throw new BadRequestException(`carId ${dto.carId} is not a car of the catalogue`);
    return { make: car.make, model: car.model, year: car.year };
  }

  async create(user: AuthUser, dto: CreateCarDto): Promise<CarDto> {
    const car = await this.transactions.run(async () => {
      await this.assertKeyFree(dto);
      return this.cars.insert({
        make: dto.make,
        model: dto.model,
        year: dto.year,
        category: dto.category ?? null,
        source: CarSource.Manual,
        createdById: user.id,
      });
    });
    await this.version.move();
    return toCarDto(car);
  }

  /** `PATCH` (only the given fields) and `PUT` (`replace`: a missing category is cleared). */
  async update(user: AuthUser, id: number, dto: UpdateCarDto, replace = false): Promise<CarDto> {
    const car = await this.transactions.run(async () => {
      const car = await this.find(id);
      this.assertMayChange(user, car);
      const next = {
        make: dto.make ?? car.make,
        model: dto.model ?? car.model,
        year: dto.year ?? car.year,
        category: replace || dto.category !== undefined ? (dto.category ?? null) : car.category,
      };
      await this.assertKeyFree(next, id);
      await this.cars.update(id, next);
      return this.find(id);
    });
    await this.version.move();
    return toCarDto(car);
  }

  async remove(user: AuthUser, id: number): Promise<void> {
    await this.transactions.run(async () => {
      this.assertMayChange(user, await this.find(id));
      await this.cars.delete(id);
    });
    await this.version.move();
  }

  private async find(id: number): Promise<Car> {
    const car = await this.cars.findById(id);
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
  private async assertKeyFree(key: CarKey, exceptId?: number): Promise<void> {
    const existing = await this.cars.findByKey(key, exceptId);
    if (existing) {
      throw new ConflictException(
        `${key.make} ${key.model} ${key.year} is already in the catalogue (car ${existing.id})`,
      );
    }
  }
}
