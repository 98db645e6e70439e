import { PartialType } from '@nestjs/swagger';
import { CreateCarDto } from './create-car.dto';

/** `PATCH`: any of the fields; the others stay. */
export class UpdateCarDto extends PartialType(CreateCarDto) {}
