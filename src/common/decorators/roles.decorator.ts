import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import { Role } from '../roles';

export const ROLES = 'roles';

/** Restricts a route to the given roles; others get 403. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES, roles),
    ApiForbiddenResponse({ description: `Only for: ${roles.join(', ')}` }),
  );
