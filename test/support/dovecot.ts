import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

// A real Dovecot IMAP server on loopback, from Debian's dovecot-imapd, run from a config in a
// temporary folder (no systemd). `.ci/run` installs the package.

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`Dovecot did not listen on ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export class Dovecot {
  private child: ChildProcess | null = null;
  private constructor(
    readonly dir: string,
    readonly port: number,
    readonly user: string,
    readonly password: string,
  ) {}

  static async start(): Promise<Dovecot> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'esimhub-dovecot-'));
    chmodSync(dir, 0o755); // Dovecot's auth and mail processes run as the dovecot user
    const uid = Number(execFileSync('id', ['-u', 'dovecot']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'dovecot']).toString().trim());
    const port = await freePort();
    const mail = path.join(dir, 'mail');
    mkdirSync(mail);
    chownSync(mail, uid, gid);
    writeFileSync(path.join(dir, 'passwd'), `orders:{PLAIN}secret\n`);
    writeFileSync(
      path.join(dir, 'dovecot.conf'),
      `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = ${uid}
default_login_user = dovenull
default_internal_user = dovecot
mail_location = maildir:${mail}/%u
mailbox_idle_check_interval = 1 secs
passdb {
  driver = passwd-file
  args = ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${mail}/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service stats {
  unix_listener stats-writer {
    mode = 0666
  }
}
`,
    );
    const dovecot = new Dovecot(dir, port, 'orders', 'secret');
    await dovecot.run();
    return dovecot;
  }

  private async run(): Promise<void> {
    this.child = spawn('dovecot', ['-F', '-c', path.join(this.dir, 'dovecot.conf')], { stdio: 'ignore' });
    await waitForPort(this.port);
  }

  get url(): string {
    return `imap://${this.user}:${this.password}@127.0.0.1:${this.port}/INBOX`;
  }

  /** Stops the server (every connection drops) and starts it again on the same mail. */
  async restart(): Promise<void> {
    await this.kill();
    await this.run();
  }

  private async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
    // Dovecot's master exits before its children let go of the port.
    for (let i = 0; i < 100; i += 1) {
      const free = await new Promise<boolean>((resolve) => {
        const server = net.createServer();
        server.once('error', () => resolve(false));
        server.listen(this.port, '127.0.0.1', () => server.close(() => resolve(true)));
      });
      if (free) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
