// @swc/jest only transpiles; `tsc --noEmit` in `npm test` does the type check.
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' }, sourceMaps: 'inline' }];
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // ESM-only packages that CommonJS code requires (the Teams manifest validator's strip-bom):
  // jest on Node 20 cannot require ESM, so they are transpiled like our own code.
  transform: { '^.+\\.ts$': swc, '/node_modules/strip-bom/.+\\.js$': swc },
  transformIgnorePatterns: ['^(?!.*/node_modules/strip-bom/).*/node_modules/'],
  // Builds dist/ once for the tests that spawn processes, and finds (or starts) PostgreSQL.
  globalSetup: '<rootDir>/test/globalSetup.js',
  globalTeardown: '<rootDir>/test/globalTeardown.js',
  testTimeout: 30000,
  // Some libraries keep sockets alive after their tests close (pg pools, keep-alive agents):
  // never let CI hang on them once every test has finished.
  forceExit: true,
};
