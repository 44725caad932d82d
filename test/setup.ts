// Loaded by mocha before any test file (see .mocharc.json).
process.env.NODE_ENV = 'test';
process.env.TZ = process.env.TZ ?? 'Europe/Paris';
