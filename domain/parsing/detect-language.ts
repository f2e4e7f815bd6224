import { wordsPattern } from './text-matching';
import { LANGUAGE_MARKERS, type Language } from './vocabulary';

// The language to answer in, from the whole message, then the conversation's, then the contact's.
// A message shows its language clearly only with several marker words and no close rival, so one
// shared word ("as agreed", "de", "por favor") never flips a conversation to another language.

const CJK_CHARS = /[\u3400-\u9fff\uf900-\ufaff]/g;
const LATIN: Exclude<Language, 'zh'>[] = ['en', 'es', 'pt'];

/** Words of more than one language count half for each of them. */
const PATTERNS = LATIN.map((language) => {
  const own = LANGUAGE_MARKERS[language];
  const others = LATIN.filter((l) => l !== language).flatMap((l) => LANGUAGE_MARKERS[l]);
  const shared = own.filter((w) => others.includes(w));
  return { language, distinct: wordsPattern(own.filter((w) => !shared.includes(w))), shared: shared.length > 0 ? wordsPattern(shared) : null };
});

function count(text: string, pattern: RegExp | null): number {
  if (!pattern) return 0;
  pattern.lastIndex = 0;
  const found = text.match(pattern)?.length ?? 0;
  pattern.lastIndex = 0;
  return found;
}

export type LanguageScores = Record<Language, number>;

export function languageScores(text: string): LanguageScores {
  const lower = text.toLowerCase();
  const scores: LanguageScores = { en: 0, zh: 0, es: 0, pt: 0 };
  // Two Chinese characters are about one word.
  scores.zh = Math.ceil((text.match(CJK_CHARS)?.length ?? 0) / 2);
  for (const { language, distinct, shared } of PATTERNS) scores[language] = count(lower, distinct) + count(lower, shared) / 2;
  return scores;
}

export interface DetectedLanguage {
  /** The message's best guess; null when it holds no marker, or two languages tie. */
  language: Language | null;
  /** True when the message alone settles it: two marker words or more and at least twice any other language. */
  clear: boolean;
}

export function detectLanguage(text: string): DetectedLanguage {
  const ranked = (Object.entries(languageScores(text)) as [Language, number][]).sort((a, b) => b[1] - a[1]);
  const [best, second] = [ranked[0]!, ranked[1]!];
  if (best[1] === 0 || best[1] === second[1]) return { language: null, clear: false };
  return { language: best[0], clear: best[1] >= 2 && best[1] >= 2 * second[1] };
}

const COUNTRY_LANGUAGES: Record<string, Language> = {
  CN: 'zh', TW: 'zh', HK: 'zh', MO: 'zh', SG: 'en',
  ES: 'es', MX: 'es', AR: 'es', CO: 'es', CL: 'es', PE: 'es', UY: 'es', EC: 'es', VE: 'es', BO: 'es', PY: 'es', GT: 'es', CR: 'es', PA: 'es', DO: 'es',
  BR: 'pt', PT: 'pt', AO: 'pt', MZ: 'pt',
};

/**
 * The reply language: a message that shows its language clearly decides; otherwise the
 * conversation keeps its language, then the contact's known language, then the message's own
 * guess, then the reseller's country's language, then English.
 */
export function chooseLanguage(input: {
  detected: DetectedLanguage;
  conversation: string | null;
  identity: string | null;
  country: string | null;
}): Language {
  const known = (value: string | null | undefined): Language | null => (value === 'en' || value === 'zh' || value === 'es' || value === 'pt' ? value : null);
  if (input.detected.clear && input.detected.language) return input.detected.language;
  return known(input.conversation) ?? known(input.identity) ?? input.detected.language ?? COUNTRY_LANGUAGES[input.country?.toUpperCase() ?? ''] ?? 'en';
}
