import { Role } from '../../common/roles';
import { User } from '../user.entity';

/** The signed-in user's own record (never the password hash). */
export class UserDto {
  id!: number;
  username!: string;
  email!: string;
  role!: Role;
  displayName!: string | null;
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

export function toUserDto(user: User): UserDto {
  const { id, username, email, role, displayName, phone, address, createdAt, updatedAt } = user;
  return { id, username, email, role, displayName, phone, address, createdAt, updatedAt };
}

/** The public view, without the role: what others see, and a seller embedded in a listing or auction. */
export function toPublicUserDto(user: User): PublicUserDto {
  const { id, username, displayName, createdAt } = user;
  return { id, username, displayName, createdAt };
}

/** The public view with the role, for the user themself and admins. */
export function toPublicUserDtoWithRole(user: User): PublicUserDto {
  return { ...toPublicUserDto(user), role: user.role };
}
