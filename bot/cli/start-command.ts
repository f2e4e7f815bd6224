import { startApp } from '../app';
import { loadConfig } from '../config';
import { log, setLogLevel } from '../log';

export async function startCommand(): Promise<number> {
  const config = loadConfig();
  setLogLevel(config.LOG_LEVEL);
  const app = await startApp(config);
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      log.info('shutting down', { signal });
      app.stop().then(resolve, (error: unknown) => {
        log.error('shutdown failed', { error: String(error) });
        resolve();
      });
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });
  return 0;
}
