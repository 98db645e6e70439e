/**
 * Setup file of the e2e-postgres Jest project: makes PostgreSQL the database of `createTestApp`
 * (and so of the worker and API processes it spawns, which inherit its environment) and of the
 * helpers in databases.ts.
 */
process.env.TEST_DB_TYPE = 'postgres';
