import { Role, User } from '../user.entity';

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

/** What anyone may see of a user: no email, phone or address. */
export class PublicUserDto {
  id!: number;
  username!: string;
  displayName!: string | null;
  role!: Role;
  createdAt!: Date;
}

export function toUserDto(user: User): UserDto {
  const { id, username, email, role, displayName, phone, address, createdAt, updatedAt } = user;
  return { id, username, email, role, displayName, phone, address, createdAt, updatedAt };
}

export function toPublicUserDto(user: User): PublicUserDto {
  const { id, username, displayName, role, createdAt } = user;
  return { id, username, displayName, role, createdAt };
}
