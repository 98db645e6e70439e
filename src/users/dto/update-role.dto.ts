import { IsEnum } from 'class-validator';
import { Role } from '../user.entity';

export class UpdateRoleDto {
  @IsEnum(Role)
  role!: Role;
}
