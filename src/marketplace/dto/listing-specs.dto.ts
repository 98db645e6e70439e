import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsOptional, IsString, Length } from 'class-validator';
import { Condition, FuelType, Transmission } from '../car-specs';
import { HasNoHiddenCharacters, IsName, normalizedName } from '../../common/validation';

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
  @IsName(1, 32)
  color?: string;

  /** e.g. "2.0L I4 turbo", up to 64 characters. */
  @IsOptional()
  @IsName(1, 64)
  engine?: string;

  /** Up to 50 features of up to 64 characters each. */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) ? value.map((item: unknown) => normalizedName({ value: item })) : value,
  )
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  @HasNoHiddenCharacters({ each: true })
  features?: string[];
}
