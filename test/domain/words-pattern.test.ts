import { hasAny, wordsPattern } from '../../domain/parsing/text-matching';
import { unsoldPattern } from '../../domain/parsing/unsold-destinations';

// wordsPattern checks the end of a Latin word once for the whole list, where it used to check it
// after each entry (which made the big lists slow to compile). The matches must be the same: this
// holds it to the old construction, written out here, on words that nest and texts that test them.

function perEntryPattern(words: readonly string[], flags = 'giu', hanEdges = false): RegExp {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const cjkChar = /[\u3000-\u9fff\uf900-\ufaff]/;
  const sorted = [...words].sort((a, b) => b.length - a.length);
  const body = (w: string) => escape(w).replace(/\s+/g, String.raw`\s+`);
  const letter = hanEdges ? String.raw`(?:[^\P{L}\p{Script=Han}]|\p{N})` : String.raw`[\p{L}\p{N}]`;
  const latin = sorted.filter((w) => !cjkChar.test(w)).map((w) => String.raw`${body(w)}(?!${letter})`);
  const cjk = sorted.filter((w) => cjkChar.test(w)).map(body);
  return new RegExp(`(?:${[...(latin.length > 0 ? [String.raw`(?<!${letter})(?:${latin.join('|')})`] : []), ...cjk].join('|')})`, flags);
}

const WORDS = ['plan', 'plans', 'plan b', 'data', 'data plan', 'día', 'días', 'cancel', 'cancel order', 'e-sim', 'esim', '报价', '报价单', 'per  day', "don't"];

const TEXTS = [
  'Plans for Japan', 'plan', 'planning a trip', 'Plan B please', 'plan bx', 'data-plan', 'DATA PLAN', 'data planner', 'dataplan',
  '5 días', 'díasx', 'cancelled', 'cancel order 12', 'cancel orders', 'e-sims', 'eSIM', 'esim2', '2esim', 'per day', 'per\tday',
  "don't cancel", "don'tx", '请报价', '报价单多少', 'price报价', 'plan报价', 'plan多少', '多少plan', 'x plan y', 'plan.', 'plan,plans',
  'ÉSIM', 'cancel​order', '', ' plan ', 'plans plan plan b data plan',
];

function allMatches(pattern: RegExp, text: string): [number, string][] {
  return [...text.matchAll(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`))].map((m) => [m.index!, m[0]]);
}

describe('wordsPattern', () => {
  test.each([false, true])('finds what the per-entry construction found (hanEdges %s)', (hanEdges) => {
    const now = wordsPattern(WORDS, 'giu', hanEdges);
    const before = perEntryPattern(WORDS, 'giu', hanEdges);
    for (const text of TEXTS) expect([text, allMatches(now, text)]).toEqual([text, allMatches(before, text)]);
  });

  test('an entry followed by a letter is not matched, a longer or shorter entry still is', () => {
    const pattern = wordsPattern(['plan', 'plans', 'cancel']);
    expect(allMatches(pattern, 'plans planning cancelled plan')).toEqual([[0, 'plans'], [25, 'plan']]);
    expect(hasAny('planning', pattern)).toBe(false);
  });

  test('with hanEdges a Han character ends a Latin word', () => {
    expect(allMatches(wordsPattern(['price'], 'giu', true), 'price多少 prices')).toEqual([[0, 'price']]);
    expect(allMatches(wordsPattern(['price']), 'price多少')).toEqual([]);
  });
});

describe('unsoldPattern', () => {
  test('a destination followed by a letter is not one', () => {
    const found = (text: string) => allMatches(unsoldPattern(), text).map(([, m]) => m.toLowerCase());
    expect(found('2 eSIMs for Morocco please')).toEqual(['morocco']);
    expect(found('Moroccoan trip')).toEqual([]);
  });
});
