import type { CatalogueIndex } from '../../domain/parsing/catalogue-index';
import { parseMessage } from '../../domain/parsing/parse-message';

// A process's first messages would otherwise wait while V8 compiles the parser's regexes (hundreds
// of them, with Unicode classes) and its code: about a second for the first message of each
// language and kind on the 2-core machine. Reading these once at start, before any job is taken,
// moves that wait off the resellers. Each language and kind runs rules the others do not.
const SAMPLES = [
  'Japan 1GB 7 days x 1',
  'yes',
  'Hi, please send 20x Europe 5GB 30 days and 10 Thailand unlimited 10 days for our group. Thanks, Maria',
  'Hola, necesito 5 eSIM Europa 10GB 30 días y 3 de Japón 3GB 7 días',
  'Olá, preciso de 4 chips físicos EUA 10GB 15 dias, quanto fica?',
  '请报价 日本 10GB 15天 2张，另外泰国无限流量10天 5张',
  'Where is my order ORD-000123? The QR code does not work, can I talk to a person?',
  'How much do we owe? Please send our statement and the invoice for ORD-000045',
  'cancel Q-000012',
];

/** Reads the samples once; returns how long it took (ms). */
export function warmUpParser(index: CatalogueIndex): number {
  const started = performance.now();
  for (const text of SAMPLES) parseMessage(index, text);
  return Math.round(performance.now() - started);
}
