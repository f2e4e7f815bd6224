import net from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

// Serves one PGlite over the PostgreSQL wire protocol to many connections. PGlite is a single
// session, so connections take turns: a connection runs a whole exchange (up to its Sync, or a
// simple Query) at once, and keeps its turn while its transaction is open. @electric-sql/pglite-socket
// 0.2 interleaves single protocol messages of different connections outside transactions, so one
// connection's Bind/Execute could run another's unnamed statement (seen as empty or foreign results
// when channel adapters and web chat wrote at the same moment).

const PROTOCOL_3 = 196608;
const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
const GSSENC_REQUEST = 80877104;
const ENDS_EXCHANGE = new Set(['S', 'Q', 'X']); // Sync, simple Query, Terminate

/** A FIFO lock with an owner, so the owner can keep it across exchanges (an open transaction). */
class Turn {
  private owner: number | null = null;
  private waiting: { id: number; grant: () => void }[] = [];

  async take(id: number): Promise<void> {
    if (this.owner === id) return;
    if (this.owner === null && this.waiting.length === 0) {
      this.owner = id;
      return;
    }
    await new Promise<void>((grant) => this.waiting.push({ id, grant }));
  }

  release(id: number): void {
    if (this.owner !== id) return;
    const next = this.waiting.shift();
    this.owner = next ? next.id : null;
    next?.grant();
  }

  drop(id: number): void {
    this.waiting = this.waiting.filter((w) => w.id !== id);
    this.release(id);
  }
}

export class PgliteWireServer {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private readonly turn = new Turn();
  private nextId = 1;
  port = 0;

  constructor(
    private readonly db: PGlite,
    private readonly connectionsMax = 32,
  ) {}

  async start(host = '127.0.0.1', port = 0): Promise<void> {
    await this.db.waitReady;
    this.server = net.createServer((socket) => this.serve(socket));
    this.server.maxConnections = this.connectionsMax;
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  /** False once the database is closed (sockets may still be closing then). */
  private inTransaction(): boolean {
    return !this.db.closed && this.db.isInTransaction();
  }

  private serve(socket: net.Socket): void {
    const id = this.nextId++;
    this.sockets.add(socket);
    socket.setNoDelay(true);
    let buffer = Buffer.alloc(0);
    let exchange: Buffer[] = [];
    let chain = Promise.resolve();
    let closed = false;

    const run = (messages: Buffer[]) => {
      chain = chain.then(async () => {
        if (closed || this.db.closed) return;
        await this.turn.take(id);
        try {
          for (const message of messages) {
            await this.db.execProtocolRawStream(new Uint8Array(message), {
              onRawData: (data) => {
                if (!closed && data.length > 0) socket.write(Buffer.from(data));
              },
            });
          }
        } finally {
          if (!this.inTransaction()) this.turn.release(id);
        }
      });
      chain = chain.catch(() => {
        socket.destroy();
      });
    };

    socket.on('data', (data: Buffer) => {
      buffer = Buffer.concat([buffer, data]);
      for (;;) {
        if (buffer.length < 5) break;
        const code = buffer.length >= 8 ? buffer.readInt32BE(4) : 0;
        const untyped = code === PROTOCOL_3 || code === SSL_REQUEST || code === CANCEL_REQUEST || code === GSSENC_REQUEST;
        const length = untyped ? buffer.readInt32BE(0) : 1 + buffer.readInt32BE(1);
        if (buffer.length < length) break;
        const message = buffer.subarray(0, length);
        buffer = buffer.subarray(length);
        if (untyped && (code === SSL_REQUEST || code === GSSENC_REQUEST)) {
          socket.write('N'); // no TLS on loopback
          continue;
        }
        if (untyped && code === CANCEL_REQUEST) continue; // not supported
        exchange.push(Buffer.from(message));
        if (untyped || ENDS_EXCHANGE.has(String.fromCharCode(message[0]!))) {
          run(exchange);
          exchange = [];
        }
      }
    });
    const close = () => {
      if (closed) return;
      closed = true;
      this.sockets.delete(socket);
      // A connection that goes away mid-transaction must not leave the session in it.
      chain = chain.then(async () => {
        if (this.inTransaction()) {
          await this.turn.take(id);
          if (this.inTransaction()) await this.db.exec('ROLLBACK').catch(() => undefined);
        }
        this.turn.drop(id);
      });
    };
    socket.on('close', close);
    socket.on('error', close);
  }
}
