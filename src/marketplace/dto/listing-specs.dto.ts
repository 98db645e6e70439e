import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsOptional, IsString, Length } from 'class-validator';
import { Condition, FuelType, Transmission } from '../car-specs';
import { trim } from '../../common/validation';

/** What the car is like; every field optional. */
export class ListingSpecsDto {
  @IsOptional()
  @IsEnum(Condition)
  condition?: Condition;

  @IsOptional()
  @IsEnum(FuelType)
  fuelType?: FuelType;

  @IsOptional()
  @IsEnum(Transmission)
  transmission?: Transmission;

  /** e.g. "Silver", up to 32 characters. */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 32)
  color?: string;

  /** e.g. "2.0L I4 turbo", up to 64 characters. */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 64)
  engine?: string;

  /** Up to 50 features of up to 64 characters each. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  features?: string[];
}
