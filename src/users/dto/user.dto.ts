import { Role } from '../../common/roles';
import { User } from '../user.entity';

/** The signed-in user's own record (never the password hash). */
export class UserDto {
  id!: number;
  username!: string;
  email!: string;
  role!: Role;
  displayName!: string | null;
  firstName!: string | null;
  lastName!: string | null;
  phone!: string | null;
  address!: string | null;
  createdAt!: Date;
  updatedAt!: Date;
}

/** What anyone may see of a user: no email, phone or address, and the role only to some. */
export class PublicUserDto {
  id!: number;
  username!: string;
  displayName!: string | null;
  /**
   * Shown only to the user themself and to admins (their profile by id, the admin's user list);
   * never in a seller embedded in a listing or an auction.
   */
  role?: Role;
  createdAt!: Date;
}

/**
 * A user's profile by id, and a user as admins list and edit them: the public view with the first
 * and last names (a seller embedded in a listing or an auction carries the display name only).
 */
export class PublicProfileDto extends PublicUserDto {
  firstName!: string | null;
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
