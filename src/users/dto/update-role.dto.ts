import { ApiProperty } from '@nestjs/swagger';
import { IsEnum } from 'class-validator';
import { Role } from '../../common/roles';
import { ROLE_SCHEMA } from './user.dto';

export class UpdateRoleDto {
  @ApiProperty(ROLE_SCHEMA)
  @IsEnum(Role)
  role!: Role;
}
