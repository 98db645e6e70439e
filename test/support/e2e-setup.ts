/**
 * Setup file of the e2e Jest projects. A test file's app loads NestJS, which Jest compiles to
 * CommonJS on the way in: seconds on a cold cache, more while the projects share the cores (and on
 * PostgreSQL the app first creates and migrates its database). Hooks and tests get 30 s; files
 * that need more set their own.
 */
jest.setTimeout(30_000);
