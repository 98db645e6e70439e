/**
 * Setup file of the e2e-postgres Jest project: makes PostgreSQL the database of `createTestApp`
 * (and so of the worker and API processes it spawns, which inherit its environment). DB_TYPE is
 * set here, before the test file loads, because the entities' timestamp column type is read from
 * it when they are declared, and a test file may import an entity before it creates its app.
 */
process.env.TEST_DB_TYPE = 'postgres';
process.env.DB_TYPE = 'postgres';
