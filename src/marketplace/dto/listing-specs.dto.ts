import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsOptional, IsString, Length } from 'class-validator';
import { Condition, FuelType, Transmission } from '../car-specs';
import { HasNoHiddenCharacters, IsName, normalizedName } from '../../common/validation';

export const MAX_COLOR_LENGTH = 32;
export const MAX_ENGINE_LENGTH = 64;
export const MAX_FEATURES = 50;
export const MAX_FEATURE_LENGTH = 64;

/** The specs' enums wherever they are read or written: one named type each for client generators. */
export const CONDITION_SCHEMA = { enum: Condition, enumName: 'Condition' };
export const FUEL_TYPE_SCHEMA = { enum: FuelType, enumName: 'FuelType' };
export const TRANSMISSION_SCHEMA = { enum: Transmission, enumName: 'Transmission' };

/** What the car is like; every field optional. */
export class ListingSpecsDto {
  @ApiProperty(CONDITION_SCHEMA)
  @IsOptional()
  @IsEnum(Condition)
  condition?: Condition;

  @ApiProperty(FUEL_TYPE_SCHEMA)
  @IsOptional()
  @IsEnum(FuelType)
  fuelType?: FuelType;

  @ApiProperty(TRANSMISSION_SCHEMA)
  @IsOptional()
  @IsEnum(Transmission)
  transmission?: Transmission;

  /** e.g. "Silver", up to 32 characters. */
  @IsOptional()
  @IsName(1, MAX_COLOR_LENGTH)
  color?: string;

  /** e.g. "2.0L I4 turbo", up to 64 characters. */
  @IsOptional()
  @IsName(1, MAX_ENGINE_LENGTH)
  engine?: string;

  /** Up to 50 features of up to 64 characters each. */
  // The plugin reads `@ArrayMaxSize` only with a literal.
  @ApiProperty({ maxItems: MAX_FEATURES })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) ? value.map((item: unknown) => normalizedName({ value: item })) : value,
  )
  @IsArray()
  @ArrayMaxSize(MAX_FEATURES)
  @IsString({ each: true })
  @Length(1, MAX_FEATURE_LENGTH, { each: true })
  @HasNoHiddenCharacters({ each: true })
  features?: string[];
}
