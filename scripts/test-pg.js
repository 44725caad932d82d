#!/usr/bin/env node
// `npm run test:pg`: the whole suite against PostgreSQL. Each test database is a schema of its own
// in TEST_DATABASE_URL (default: the local `test` database), dropped when the suite ends.
const { spawnSync } = require('node:child_process');

const url = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const result = spawnSync(process.execPath, [require.resolve('mocha/bin/mocha.js'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, TEST_DATABASE_URL: url },
});
process.exit(result.status ?? 1);
