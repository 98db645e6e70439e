import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

/** A `sort` query parameter: one of `fields`, ascending, or prefixed with `-` for descending. */
export function IsSortOf(fields: readonly string[]): PropertyDecorator {
  const allowed = fields.flatMap((field) => [field, `-${field}`]);
  return applyDecorators(
    IsOptional(),
    IsIn(allowed, { message: `sort must be one of: ${allowed.join(', ')}` }),
    ApiPropertyOptional({ enum: allowed, description: '`field` ascending, `-field` descending' }),
  );
}
