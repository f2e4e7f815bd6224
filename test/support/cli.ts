import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const BIN = path.join(ROOT, 'bin', 'esim-hub.js');

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `esim-hub ...` as a user would, with a clean environment plus `env`. */
export function runCli(args: string[], env: Record<string, string>, input?: string): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: baseEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

function baseEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG'];
  return { ...Object.fromEntries(keep.filter((k) => process.env[k]).map((k) => [k, process.env[k]])), ...env };
}

export interface RunningBot {
  child: ChildProcess;
  url: string;
  logs: () => string;
  stop: () => Promise<number | null>;
}

/** Starts `esim-hub start` and waits for its "running" log line, which carries the URL. */
export function startBot(env: Record<string, string>, timeoutMs = 60_000): Promise<RunningBot> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'start'], { cwd: ROOT, env: baseEnv({ PORT: '0', ...env }) });
    let logs = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`esim-hub start did not come up in ${timeoutMs} ms:\n${logs}`));
    }, timeoutMs);
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    const onData = (chunk: Buffer) => {
      logs += chunk.toString();
      const line = logs.split('\n').find((l) => l.includes('"esim-hub is running"'));
      if (!line) return;
      clearTimeout(timer);
      child.stderr?.off('data', onData);
      child.stderr?.on('data', (d) => (logs += d));
      resolve({
        child,
        url: JSON.parse(line).url,
        logs: () => logs,
        stop: async () => {
          child.kill('SIGTERM');
          return exited;
        },
      });
    };
    child.stderr?.on('data', onData);
    child.stdout?.on('data', (d) => (logs += d));
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`esim-hub start exited with ${code}:\n${logs}`));
    });
  });
}
