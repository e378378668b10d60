/**
 * The fault / abuse / bad-input suite (`npm run test:reliability`). Same transform and setup as
 * jest.config.js, but only test/reliability, whose files end in `.reliability.ts` so that the main
 * suite (testMatch *.test.ts) never runs them. The last line printed is `N passed, M failed`.
 * @type {import('jest').Config}
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/reliability'],
	testMatch: ['**/*.reliability.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	setupFiles: ['<rootDir>/test/setup-env.js'],
	cacheDirectory: '<rootDir>/.jest-cache',
	testTimeout: 60000,
	reporters: ['default', '<rootDir>/test/reliability/summaryReporter.js'],
};
