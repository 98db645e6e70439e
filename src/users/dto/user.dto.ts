import { ApiProperty } from '@nestjs/swagger';
import { ApiTimestamp } from '../../common/api-timestamp';
import { Role } from '../../common/roles';
import { User } from '../user.entity';
import { MAX_EMAIL_LENGTH, MAX_USERNAME_LENGTH } from './account-fields';
import { MAX_ADDRESS_LENGTH, MAX_PERSON_NAME_LENGTH, MAX_PHONE_LENGTH } from './update-profile.dto';

/**
 * `role` wherever it is read or written: one named type for client generators. Its description is
 * stated here, or the type would take that of whichever property the document meets first.
 */
export const ROLE_SCHEMA = {
  enum: Role,
  enumName: 'Role',
  enumSchema: { description: 'What a user may do: admins also manage users, the catalogue and the sync.' },
};

/** The signed-in user's own record (never the password hash). */
export class UserDto {
  id!: number;
  @ApiProperty({ maxLength: MAX_USERNAME_LENGTH })
  username!: string;
  @ApiProperty({ format: 'email', maxLength: MAX_EMAIL_LENGTH })
  email!: string;
  @ApiProperty(ROLE_SCHEMA)
  role!: Role;
  @ApiProperty({ maxLength: MAX_PERSON_NAME_LENGTH })
  displayName!: string | null;
  @ApiProperty({ maxLength: MAX_PERSON_NAME_LENGTH })
  firstName!: string | null;
  @ApiProperty({ maxLength: MAX_PERSON_NAME_LENGTH })
  lastName!: string | null;
  @ApiProperty({ maxLength: MAX_PHONE_LENGTH })
  phone!: string | null;
  @ApiProperty({ maxLength: MAX_ADDRESS_LENGTH })
  address!: string | null;
  @ApiTimestamp()
  createdAt!: Date;
  @ApiTimestamp()
  updatedAt!: Date;
}

/** What anyone may see of a user: no email, phone or address, and the role only to some. */
export class PublicUserDto {
  id!: number;
  @ApiProperty({ maxLength: MAX_USERNAME_LENGTH })
  username!: string;
  @ApiProperty({ maxLength: MAX_PERSON_NAME_LENGTH })
  displayName!: string | null;
  /**
   * Shown only to the user themself and to admins (their profile by id, the admin's user list);
   * never in a seller embedded in a listing or an auction.
   */
  @ApiProperty(ROLE_SCHEMA)
  role?: Role;
  @ApiTimestamp()
  createdAt!: Date;
}

/**
 * A user's profile by id, and a user as admins list and edit them: the public view with the first
 * and last names (a seller embedded in a listing or an auction carries the display name only).
 */
export class PublicProfileDto extends PublicUserDto {
  @ApiProperty({ maxLength: MAX_PERSON_NAME_LENGTH })
  firstName!: string | null;
  @ApiProperty({ maxLength: MAX_PERSON_NAME_LENGTH })
  lastName!: string | null;
}

export function toUserDto(user: User): UserDto {
  const {
    id,
    username,
    email,
    role,
    displayName,
    firstName,
    lastName,
    phone,
    address,
    createdAt,
    updatedAt,
  } = user;
  return {
    id,
    username,
    email,
    role,
    displayName,
    firstName,
    lastName,
    phone,
    address,
    createdAt,
    updatedAt,
  };
}

/** The public view, without the role: what others see, and a seller embedded in a listing or auction. */
export function toPublicUserDto(user: User): PublicUserDto {
  const { id, username, displayName, createdAt } = user;
  return { id, username, displayName, createdAt };
}

/** The profile by id; `withRole` for the user themself and admins. */
export function toPublicProfileDto(user: User, withRole: boolean): PublicProfileDto {
  const { firstName, lastName, role } = user;
  return { ...toPublicUserDto(user), firstName, lastName, ...(withRole && { role }) };
}
