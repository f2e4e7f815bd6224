import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on loopback that keeps what it receives, parsed. */
export class SmtpInbox {
  readonly mails: ParsedMail[] = [];
  /** While set, every mail is refused with a temporary failure (451), as a server that is down for a while. */
  refusing = false;
  /** How long a mail's "250 OK" waits after the mail was received (a slow server): the sender is still sending it meanwhile. */
  delayMs = 0;
  private waiters: (() => void)[] = [];

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  static async start(): Promise<SmtpInbox> {
    let inbox: SmtpInbox | null = null;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onMailFrom(_address, _session, callback) {
        if (inbox!.refusing) callback(Object.assign(new Error('Service not available, try again later'), { responseCode: 451 }));
        else callback();
      },
      onData(stream, _session, callback) {
        simpleParser(stream, { keepCidLinks: true })
          .then((mail) => {
            inbox!.mails.push(mail);
            for (const wake of inbox!.waiters.splice(0)) wake();
            if (inbox!.delayMs > 0) setTimeout(() => callback(), inbox!.delayMs);
            else callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    inbox = new SmtpInbox(server, (server.server.address() as AddressInfo).port);
    return inbox;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** The first mail received (now or later) that matches, or an error after timeoutMs. */
  async waitFor(match: (mail: ParsedMail) => boolean, timeoutMs = 20_000): Promise<ParsedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.mails.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching mail within ${timeoutMs} ms; received: ${this.mails.map((m) => m.subject).join(' | ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
