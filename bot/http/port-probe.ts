import net from 'node:net';
import { ConfigError } from '../config';

/** The operator's message for a port already in use. */
export function portTakenError(port: number, host: string): ConfigError {
  return new ConfigError([`PORT ${port} on ${host} is taken (another esim-hub, or another program): set PORT to a free port; several esim-hub processes can share one DATABASE_URL, each on its own port`]);
}

/**
 * Fails at once when the port is taken, before the database is opened, migrated or seeded: a
 * second (maybe newer) build started on a busy port must not change the running one's database.
 * The real listen checks again (another program may take the port in between).
 */
export async function assertPortFree(port: number, host: string): Promise<void> {
  if (port === 0) return; // any free port
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? portTakenError(port, host) : error));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}
