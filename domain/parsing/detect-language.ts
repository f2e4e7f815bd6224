import { containsCjk, wordsPattern } from './text-matching';
import { LANGUAGE_MARKERS, type Language } from './vocabulary';

const ENGLISH = ['please', 'the', 'need', 'want', 'order', 'how much', 'thanks', 'thank you', 'hi', 'hello', 'can', 'we', 'send', 'what', 'my', 'is', 'for', 'and', 'of', 'price', 'quote', 'yes', 'cancel'];
const MARKERS: [Language, RegExp][] = [
  ['en', wordsPattern(ENGLISH)],
  ['es', wordsPattern(LANGUAGE_MARKERS.es)],
  ['pt', wordsPattern(LANGUAGE_MARKERS.pt)],
];

function count(text: string, pattern: RegExp): number {
  pattern.lastIndex = 0;
  const found = text.match(pattern)?.length ?? 0;
  pattern.lastIndex = 0;
  return found;
}

/** The language to answer in; null when the message gives no clue (keep the conversation's). */
export function detectLanguage(text: string): Language | null {
  if (containsCjk(text)) return 'zh';
  const lower = text.toLowerCase();
  let best: Language | null = null;
  let bestScore = 0;
  for (const [language, pattern] of MARKERS) {
    const score = count(lower, pattern);
    if (score > bestScore) {
      best = language;
      bestScore = score;
    }
  }
  return best;
}
