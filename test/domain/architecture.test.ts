import fs from 'node:fs';
import path from 'node:path';

// The shape the code keeps (issue 13), checked on every file so that it stays kept: domain/ is pure
// (imports nothing from bot/ or channels/, never reads the clock), channels/ know nothing of the
// bot, files in bot/ and channels/ stay small, and one module writes a conversation's state.

const ROOT = path.resolve(__dirname, '../..');

function files(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return files(rel);
    return e.name.endsWith('.ts') ? [rel] : [];
  });
}

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const imports = (file: string) => [...read(file).matchAll(/^(?:import|export)[^'"]*from\s+'([^']+)'/gm)].map((m) => path.join(path.dirname(file), m[1]!));

describe('the shape of the code', () => {
  test('domain/ imports nothing from bot/ or channels/', () => {
    const bad = files('domain').flatMap((f) => imports(f).filter((i) => /^(bot|channels)\//.test(i)).map((i) => `${f} -> ${i}`));
    expect(bad).toEqual([]);
  });

  test('domain/ never reads the clock (times come in as arguments)', () => {
    const bad = files('domain').filter((f) => /Date\.now\(|new Date\(\)/.test(read(f)));
    expect(bad).toEqual([]);
  });

  test('channels/ import nothing from bot/', () => {
    const bad = files('channels').flatMap((f) => imports(f).filter((i) => i.startsWith('bot/')).map((i) => `${f} -> ${i}`));
    expect(bad).toEqual([]);
  });

  test('no file in bot/ or channels/ is over 300 lines', () => {
    const long = [...files('bot'), ...files('channels')].map((f) => [f, read(f).split('\n').length] as const).filter(([, n]) => n > 300);
    expect(long).toEqual([]);
  });

  test("only the conversation store writes a conversation's state", () => {
    const writers = files('bot').filter((f) => /UPDATE\s+conversations\b[^`]*\bSET\b[^`]*\bstate\s*=/i.test(read(f)));
    expect(writers).toEqual(['bot/conversation/conversation-store.ts']);
  });

  // Email is a product rule in places (the fallback when a channel is down, a low-balance alert also
  // by email); web chat is a channel like the others, known by its capabilities (delivery: transcript).
  test('nothing after the adapters branches on web chat (only the wiring: app, bot/channels, bot/http)', () => {
    const wiring = /^bot\/(app\.ts|channels\/|http\/)/;
    const bad = files('bot').filter((f) => !wiring.test(f) && /[!=]==?\s*'web'/.test(read(f)));
    expect(bad).toEqual([]);
  });
});
