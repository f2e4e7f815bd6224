// npm run build:known-words
//
// Writes domain/parsing/known-words.json: the words the rules have been tuned on (every message of
// the dev set and of eval/parse/tune*.jsonl, never a holdout set), the parser's vocabulary and the
// catalogue's region names and aliases. A reading that rests on any other word is not sure
// (domain/parsing/unknown-words.ts). Run it after adding a tuning set; a test fails when it is stale.

import fs from 'node:fs';
import path from 'node:path';
import { seedCatalogueIndex } from '../bot/parsing/seed-catalogue';
import { wordsOf } from '../domain/parsing/unknown-words';
import { WORDS } from '../domain/parsing/vocabulary';

const ROOT = path.join(__dirname, '..');
export const KNOWN_WORDS_FILE = path.join(ROOT, 'domain', 'parsing', 'known-words.json');

/** The sources of the known words: the tuning sets' messages, the vocabulary, the catalogue. */
export function knownWordsSources(): string[] {
  const sets = [path.join(ROOT, 'prisma', 'seed', 'messages-dev.jsonl'), ...fs.readdirSync(path.join(ROOT, 'eval', 'parse')).filter((f) => /^tune\d*\.jsonl$/.test(f)).sort().map((f) => path.join(ROOT, 'eval', 'parse', f))];
  const messages = sets.flatMap((file) =>
    fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => (JSON.parse(l) as { text: string }).text),
  );
  const index = seedCatalogueIndex();
  const catalogue = index.regions.flatMap((r) => [r.name, ...r.aliases]);
  // Words the parser writes itself: "nº" is read as "nr".
  const written = ['nr'];
  return [...messages, ...Object.values(WORDS).flat(), ...catalogue, ...written];
}

export function buildKnownWords(): { latin: string[]; han: string } {
  const words = new Set(knownWordsSources().flatMap(wordsOf));
  const latin = [...words].filter((w) => !/^\p{Script=Han}$/u.test(w)).sort();
  const han = [...words].filter((w) => /^\p{Script=Han}$/u.test(w)).sort().join('');
  return { latin, han };
}

export function knownWordsJson(built = buildKnownWords()): string {
  return `${JSON.stringify(built)}\n`;
}

if (require.main === module) {
  const built = buildKnownWords();
  fs.writeFileSync(KNOWN_WORDS_FILE, knownWordsJson(built));
  console.log(`${path.relative(ROOT, KNOWN_WORDS_FILE)}: ${built.latin.length} words, ${built.han.length} Han characters`);
}
