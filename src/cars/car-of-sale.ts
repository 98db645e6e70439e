import { BadRequestException } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Car } from './car.entity';

export type CarKey = Pick<Car, 'make' | 'model' | 'year'>;

/**
 * The car a listing or an auction is of: the catalogue car `carId` (400 when there is none), or
 * the `make`, `model` and `year` given (the DTO requires them without `carId`).
 */
export async function carOfSale(
  manager: EntityManager,
  dto: { carId?: number; make?: string; model?: string; year?: number },
): Promise<CarKey> {
  if (dto.carId === undefined) return { make: dto.make!, model: dto.model!, year: dto.year! };
  const car = await manager.findOneBy(Car, { id: dto.carId });
  if (!car) throw new BadRequestException(`carId ${dto.carId} is not a car of the catalogue`);
  return car;
}

/** The car with this (make, model, year) in any letter case, other than `exceptId`, if there is one. */
export function findCarByKey(manager: EntityManager, key: CarKey, exceptId?: number): Promise<Car | null> {
  const query = manager
    .createQueryBuilder(Car, 'car')
    .where('LOWER(car.make) = LOWER(:make) AND LOWER(car.model) = LOWER(:model) AND car.year = :year', {
      make: key.make,
      model: key.model,
      year: key.year,
    });
  if (exceptId !== undefined) query.andWhere('car.id != :exceptId', { exceptId });
  return query.getOne();
}
