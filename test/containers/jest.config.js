// @ts-check
/**
 * `npm run test:containers` (run.sh): the Compose deployment in real containers. Apart from
 * `npm test`: it needs a Docker engine and takes minutes, one scenario after another.
 */
const ROOT = require('node:path').resolve(__dirname, '..', '..');

/** @type {import('jest').Config} */
module.exports = {
  rootDir: ROOT,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/containers/**/*.containers-spec.ts'],
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      // nodenext module kind is what the build uses; ts-jest warns about it outside isolatedModules
      { tsconfig: '<rootDir>/test/tsconfig.json', diagnostics: { ignoreCodes: [151002] } },
    ],
  },
  // A failed step leaves nothing for the next ones to build on.
  bail: true,
};
