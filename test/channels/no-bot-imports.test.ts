import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// channels/ is the port and its adapters; bot/ implements the port. An import the other way (a
// logger, a store) would tie every adapter to the app: what they need is passed in.

const root = path.join(__dirname, '..', '..', 'channels');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sources(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

test('no file in channels/ imports from bot/', () => {
  const offenders = sources(root).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return [...text.matchAll(/(?:from|import|require\()\s*['"]([^'"]+)['"]/g)]
      .map((m) => m[1]!)
      .filter((spec) => spec.startsWith('.') && path.resolve(path.dirname(file), spec).startsWith(path.join(root, '..', 'bot')))
      .map((spec) => `${path.relative(root, file)}: ${spec}`);
  });
  expect(offenders).toEqual([]);
});
