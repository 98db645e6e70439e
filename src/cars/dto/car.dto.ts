import { ApiProperty } from '@nestjs/swagger';
import { ApiTimestamp } from '../../common/api-timestamp';
import { MAX_CATEGORY_LENGTH, MAX_MAKE_LENGTH, MAX_MODEL_LENGTH } from '../../common/car-name-lengths';
import { Car, CarSource } from '../car.entity';

/** The longest record id of the external API that the sync stores (the column's length). */
export const MAX_EXTERNAL_ID_LENGTH = 32;

/** `source` wherever it is read or filtered on: one named type for client generators. */
export const CAR_SOURCE_SCHEMA = { enum: CarSource, enumName: 'CarSource' };

export class CarDto {
  id!: number;
  @ApiProperty({ maxLength: MAX_MAKE_LENGTH })
  make!: string;
  @ApiProperty({ maxLength: MAX_MODEL_LENGTH })
  model!: string;
  year!: number;
  @ApiProperty({ maxLength: MAX_CATEGORY_LENGTH })
  category!: string | null;
  @ApiProperty(CAR_SOURCE_SCHEMA)
  source!: CarSource;
  /** The record's id at the external API (synced cars). */
  @ApiProperty({ maxLength: MAX_EXTERNAL_ID_LENGTH })
  externalId!: string | null;
  /** When a full sync found the car gone from the source. */
  @ApiTimestamp()
  removedAt!: Date | null;
  @ApiTimestamp()
  createdAt!: Date;
  @ApiTimestamp()
  updatedAt!: Date;
}

export function toCarDto(car: Car): CarDto {
  const { id, make, model, year, category, source, externalId, removedAt, createdAt, updatedAt } = car;
  return { id, make, model, year, category, source, externalId, removedAt, createdAt, updatedAt };
}
