// @ts-check
/**
 * `npm test` runs two projects: unit tests beside the code (src/**\/*.spec.ts) and end-to-end
 * tests (test/e2e) against real HTTP, a real SQLite file per test file and a real Redis. When
 * TEST_DATABASE_URL names a PostgreSQL server, a third project, e2e-postgres, runs the same
 * end-to-end tests on a fresh PostgreSQL database per test file; files named
 * `*.postgres.e2e-spec.ts` run only there.
 *
 * NestJS 12 ships as ES modules; Jest's module loader cannot require() them, so those packages are
 * compiled to CommonJS on the way in (see support/esm-to-cjs.babel.js).
 */
const ROOT = require('node:path').resolve(__dirname, '..');
const ESM_PACKAGES = [
  '@nestjs',
  'file-type',
  'strtok3',
  'token-types',
  'peek-readable',
  '@tokenizer',
  'uint8array-extras',
];

const shared = {
  rootDir: ROOT,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        tsconfig: '<rootDir>/test/tsconfig.json',
        astTransformers: { before: ['<rootDir>/test/support/swagger-plugin.js'] },
        // nodenext module kind is what the build uses; ts-jest warns about it outside isolatedModules
        diagnostics: { ignoreCodes: [151002] },
      },
    ],
    '^.+\\.js$': ['babel-jest', { configFile: `${ROOT}/test/support/esm-to-cjs.babel.js` }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
};

const e2e = {
  ...shared,
  testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
  setupFiles: ['<rootDir>/test/support/e2e-setup.ts'],
};

/** @type {import('jest').Config} */
module.exports = {
  rootDir: ROOT,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    // Files named *.postgres.e2e-spec.ts run only in e2e-postgres.
    {
      ...e2e,
      displayName: 'e2e',
      testPathIgnorePatterns: ['/node_modules/', '\\.postgres\\.e2e-spec\\.ts$'],
    },
    // The same files again on PostgreSQL, when TEST_DATABASE_URL names a server to create databases on.
    ...(process.env.TEST_DATABASE_URL
      ? [
          {
            ...e2e,
            displayName: 'e2e-postgres',
            setupFiles: [...e2e.setupFiles, '<rootDir>/test/support/on-postgres.ts'],
          },
        ]
      : []),
  ],
};
