/**
 * The standalone server: opens the database (migrating it), creates the first admin and loads the
 * demo company on first start, mounts the module, listens, runs the scheduler, and shuts down cleanly.
 */
import express from 'express';
import { describeSettings, loadConfig } from './config';
import { openDatabase } from './db/data-source';
import { createRecoveryModule } from './app';
import { ensureAdminUser } from './auth';
import { loadDemoOnFirstStart } from './demo';
import { failInterruptedUploads } from './fec-import';
import { startScheduler } from './jobs';
import { closePdfBrowser } from './printing';
import { logger } from './shared/logger';

async function main(): Promise<void> {
  if (process.argv.includes('--help-config')) {
    process.stdout.write(`${describeSettings()}\n`);
    return;
  }
  const config = loadConfig();
  const dataSource = await openDatabase(config);
  await (await import('./scenarios')).loadShippedScenarios(dataSource); // scenarios/*.json: a bad file is logged (file, step, field), the others load

  const interrupted = await failInterruptedUploads(dataSource);
  if (interrupted > 0) logger.warn('FEC uploads interrupted by the last stop marked as failed', { count: interrupted });
  const generated = await ensureAdminUser(dataSource, config.adminPassword);
  if (generated) {
    // Printed once, on the first start only; the hash is all that is kept.
    process.stdout.write(`\n  First start: user "admin" created with password: ${generated}\n  Keep it now: it will not be shown again.\n\n`);
  }
  if (config.loadDemo) {
    const loaded = await loadDemoOnFirstStart(dataSource, config);
    if (loaded) {
      const { users, ...counts } = loaded;
      logger.info('demo company loaded', counts);
      process.stdout.write(`  Demo credit controllers (passwords shown once): ${users.map((u) => `${u.username} / ${u.password}`).join(', ')}\n\n`);
    }
  }

  const host = express();
  const module = await createRecoveryModule({ dataSource, config });
  if (config.basePath) {
    host.get('/', (_req, res) => res.redirect(config.basePath + '/'));
    host.use(config.basePath, module);
  } else {
    host.use(module);
  }
  const server = host.listen(config.port, config.host, () => {
    process.stdout.write(`Recouvrement listening on http://${config.host}:${config.port}${config.basePath}/\n`);
  });
  const scheduler = config.scheduler ? startScheduler({ dataSource, config }) : undefined;

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    scheduler?.stop();
    server.close(() => {
      Promise.all([dataSource.destroy(), closePdfBrowser()])
        .catch(() => undefined)
        .finally(() => process.exit(0));
    });
    // Keep-alive connections must not hold the process forever.
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
