// Errors that say the database cannot be reached or has no room right now (a restart, a failover,
// every connection slot taken), most likely not that the work is wrong: a message that met one is
// not handed to staff at once but tried again after the queue's backoff (its attempts still count),
// and an HTTP client is asked to retry (503), not told of a bug (500).
// node-postgres and pg-pool raise them as SQLSTATEs or socket errors; Prisma's driver adapter wraps
// them (in `cause`, with a `kind`).

/** SQLSTATE codes: connection exceptions, no connection slot, shutting down or starting up (not 53200
 * out of memory or 53400 temp_file_limit: those a query brings on itself). */
const CODE = /^(08...|53300|57P0[1-3])$/;
const SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN']);
const ADAPTER_KIND = new Set(['TooManyConnections', 'DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TransactionAlreadyClosed']);
const MESSAGE = /remaining connection slots are reserved|too many (database )?connections|sorry, too many clients|Connection terminated|connection ended unexpectedly|Client has encountered a connection error|timeout exceeded when trying to connect|the database system is (starting up|shutting down|in recovery mode)|terminating connection due to administrator command|Can't reach database server|is not currently accepting connections/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; depth += 1) {
    const { code, kind, message, originalCode } = e as { code?: unknown; kind?: unknown; message?: unknown; originalCode?: unknown };
    if (typeof code === 'string' && (CODE.test(code) || SOCKET.has(code))) return true;
    if (typeof originalCode === 'string' && CODE.test(originalCode)) return true;
    if (typeof kind === 'string' && ADAPTER_KIND.has(kind)) return true;
    if (typeof message === 'string' && MESSAGE.test(message)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
