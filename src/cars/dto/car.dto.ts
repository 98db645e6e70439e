import { Car, CarSource } from '../car.entity';

export class CarDto {
  id!: number;
  make!: string;
  model!: string;
  year!: number;
  category!: string | null;
  source!: CarSource;
  /** The record's id at the external API (synced cars). */
  externalId!: string | null;
  /** When a full sync found the car gone from the source. */
  removedAt!: Date | null;
  createdAt!: Date;
  updatedAt!: Date;
}

export function toCarDto(car: Car): CarDto {
  const { id, make, model, year, category, source, externalId, removedAt, createdAt, updatedAt } = car;
  return { id, make, model, year, category, source, externalId, removedAt, createdAt, updatedAt };
}
