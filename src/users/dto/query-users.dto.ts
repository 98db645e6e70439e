import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { normalizedEmail } from '../../common/validation';
import { IsEmail, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination/pagination-query.dto';
import { IsSortOf } from '../../common/pagination/sort';
import { Role } from '../../common/roles';
import { MAX_EMAIL_LENGTH } from './account-fields';
import { MAX_PERSON_NAME_LENGTH } from './update-profile.dto';
import { ROLE_SCHEMA } from './user.dto';

export const USER_SORT_FIELDS = ['username', 'createdAt'] as const;

export class QueryUsersDto extends PaginationQueryDto {
  /** Substring of the username, display name, first name or last name, in any letter case. */
  @IsOptional()
  @IsString()
  @MaxLength(MAX_PERSON_NAME_LENGTH)
  q?: string;

  /** Exact email (case-insensitive): finds a user without listing emails. */
  @IsOptional()
  @Transform(normalizedEmail)
  @IsEmail()
  @MaxLength(MAX_EMAIL_LENGTH)
  email?: string;

  @ApiPropertyOptional(ROLE_SCHEMA)
  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  @IsSortOf(USER_SORT_FIELDS)
  sort?: string;
}
