import { startApp } from '../app';
import { loadConfig } from '../config';
import { log, setLogLevel } from '../log';

const SHUTDOWN_DEADLINE_MS = 4_500;

export async function startCommand(): Promise<number> {
  const config = loadConfig();
  setLogLevel(config.LOG_LEVEL);
  const app = await startApp(config);
  const shared = app.db.kind === 'postgres';
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      log.info('shutting down', { signal });
      // A container runtime kills what is still running after its grace period (often 10 s): what
      // this process holds is in the database and is taken over by another process either way.
      // The embedded PGlite is one process with its data in a folder: it is always closed properly.
      if (shared) setTimeout(() => {
        log.warn('shutdown overran 4.5 s; exiting now (unfinished work is retried by another process)', { waitingFor: app.stopping.step });
        process.exit(0);
      }, SHUTDOWN_DEADLINE_MS).unref();
      app.stop().then(resolve, (error: unknown) => {
        log.error('shutdown failed', { error: String(error) });
        resolve();
      });
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });
  log.info('stopped');
  // On PostgreSQL what was left running (see stop) must not keep the process alive.
  if (shared) process.exit(0);
  return 0;
}
