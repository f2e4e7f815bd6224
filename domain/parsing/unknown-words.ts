import KNOWN from './known-words.json';

// A reading is sure only when the rules know every word of what they read: a word no reviewed
// message ever used ("we topped up 3,000", "the spring break crowd", "cancélalo") may change what is
// asked in a way no rule looks for, so the message goes to the LLM, or is read back, instead of
// being acted on. The known words are those of the labelled messages the rules are tuned on, the
// parser's own vocabulary and the catalogue's names (scripts/build-known-words.ts writes them).
// Names in a greeting or a sign-off ("Hi Carla,", "Ta, Simon") say nothing about the order.

const LATIN = new Set(KNOWN.latin);
const HAN = new Set([...KNOWN.han]);

// "Hi Carla,", "Estimada Sra. Pérez:", "Prezados,", "您好，": a greeting line, names and all.
const GREETING_LINE = /^\s*(?:hi|hello|hey|hiya|dear|good\s+(?:morning|afternoon|evening)|hola|buen(?:os|as)?\s+(?:d[ií]as?|tardes|noches)|estimad[oa]s?|querid[oa]s?|ol[aá]|oi|bom\s+dia|boa\s+(?:tarde|noite)|prezad[oa]s?|car[oa]s?|您好|你好|各位)(?![\p{L}])[^\n]{0,40}$/imu;
// "Thanks, Simon", "Gracias, Inés", "Ta," and what follows: a sign-off and its name.
const SIGN_OFF_LINE = /^\s*(?:thanks|thank\s+you|thx|ta|cheers|regards|best|br|gracias|saludos|un\s+saludo|atentamente|abrazo|obrigad[oa]|abra[cç]os?|abs|att|bjs|valeu|谢谢|謝謝)(?![\p{L}])[\s\S]*$/imu;

/** The words a reading rests on: Latin words of two letters or more (lower case) and Han characters. */
export function wordsOf(text: string): string[] {
  const lower = text.normalize('NFKC').toLowerCase();
  const latin = (lower.match(/[\p{Script=Latin}']+/gu) ?? []).map((w) => w.replace(/^'+|'+$/g, '')).filter((w) => w.length >= 2);
  const han = lower.match(/\p{Script=Han}/gu) ?? [];
  return [...latin, ...han];
}

/** The words of a message the rules have never seen, leaving out its greeting and sign-off lines. */
export function unknownWords(text: string): string[] {
  const read = text.split(/\r?\n/).filter((line) => !GREETING_LINE.test(line)).join('\n').replace(SIGN_OFF_LINE, ' ');
  const unknown = wordsOf(read).filter((w) => (w.length === 1 ? !HAN.has(w) : !LATIN.has(w)));
  return [...new Set(unknown)];
}
