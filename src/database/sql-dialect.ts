import type { EntityManager } from 'typeorm';

/** The SQL the hand-written statements are written in. */
export type SqlDialect = 'sqlite' | 'postgres';

export const dialectOf = (manager: EntityManager): SqlDialect =>
  manager.connection.options.type === 'postgres' ? 'postgres' : 'sqlite';
