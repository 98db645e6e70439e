import { IsOptional } from 'class-validator';
import { IsCarYear, IsCategory, IsMake, IsModel } from './car-fields';

export class CreateCarDto {
  /** 1 to 64 characters, e.g. "Toyota". */
  @IsMake()
  make!: string;

  /** 1 to 128 characters, e.g. "Corolla". */
  @IsModel()
  model!: string;

  /** From 1886 to two years from now. */
  @IsCarYear()
  year!: number;

  /** e.g. "Sedan", "SUV". */
  @IsOptional()
  @IsCategory()
  category?: string;
}
