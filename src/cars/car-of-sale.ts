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
