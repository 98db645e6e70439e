import { IsEnum } from 'class-validator';
import { Role } from '../../common/roles';

export class UpdateRoleDto {
  @IsEnum(Role)
  role!: Role;
}
