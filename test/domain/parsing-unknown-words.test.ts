import fs from 'node:fs';
import { KNOWN_WORDS_FILE, knownWordsJson } from '../../scripts/build-known-words';
import { unknownWords } from '../../domain/parsing/unknown-words';
import { readMessage } from '../support/read-message';

describe('a reading that rests on a word the rules never saw is not sure', () => {
  test('the same order is sure in known words and unsure with a word no tuned message used', () => {
    expect(readMessage('send 20 Japan 10GB 30 days pls')).toMatchObject({ intent: 'order', lines: [['ESIM-JP-10GB-30D', 20]], sure: true });
    // What the new word means the rules cannot tell: it is read the same way, but not acted on unasked.
    expect(readMessage('send 20 Japan 10GB 30 days pls, zorbified')).toMatchObject({ intent: 'order', lines: [['ESIM-JP-10GB-30D', 20]], sure: false });
    expect(readMessage('日本10GB 30天 20张')).toMatchObject({ sure: true });
    expect(readMessage('日本10GB 30天 20张，鑫')).toMatchObject({ sure: false });
  });

  test('names in a greeting or a sign-off are not words of the order', () => {
    const email = 'Subject: Order\n\nHi Wojciech,\n\nPlease send 20 Japan 10GB 30 days.\n\nThanks, Przemysław\nBrzęczyszczykiewicz Travel';
    expect(unknownWords(email)).toEqual([]);
    expect(unknownWords('Hola Xiomara:\nmanda 20 Japón 10GB 30 días\nSaludos, Yolotzin')).toEqual([]);
    // A name in the middle of the order is a word like any other.
    expect(unknownWords('send 20 Japan 10GB 30 days for Wojciech')).toEqual(['wojciech']);
  });

  test('numbers, references and codes are not words: they are read by their own rules', () => {
    expect(unknownWords('PO-2026-1187: 20 x ESIM-JP-10GB-30D, 10 x ESIM-JP-3GB-15D')).toEqual([]);
  });

  test('domain/parsing/known-words.json is what npm run build:known-words writes from the tuning sets', () => {
    expect(fs.readFileSync(KNOWN_WORDS_FILE, 'utf8')).toBe(knownWordsJson());
  });
});
