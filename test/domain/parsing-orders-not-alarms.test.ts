import { readMessage } from '../support/read-message';

// Ordinary orders that mention a person, a call, an error, a block or an offer in passing: they stay
// orders, read by the bot, and are not handed to staff or turned into a price question.

const read = readMessage;
const JP = [['ESIM-JP-5GB-30D', 20]];

describe('an order that mentions a person or a call in passing stays an order', () => {
  test.each([
    "Please send 20 x Japan 5GB 30 days. I'll speak with the boss about the rest next week.",
    'Voy a hablar con el encargado del grupo, pero mándame 20 Japón 5GB 30 días',
    'Vou falar com o responsável do grupo, mas manda 20 Japão 5GB 30 dias',
    'Please send 20 x Japan 5GB 30 days and contact me as soon as the QR codes are ready.',
    'We have a call with the client at 3pm, so send 20 x Japan 5GB 30 days before that.',
    'Hola, soy asesor de viajes en Lima. Necesito 20 eSIM Japón 5GB 30 días.',
  ])('%s', (text) => {
    expect(read(text)).toMatchObject({ intent: 'order', lines: JP });
  });

  test.each(['I need to speak with your manager about an order', 'quiero hablar con un asesor', 'quero falar com o gerente', 'can we have a quick call tomorrow?'])(
    'a person asked for still goes to one: %s',
    (text) => {
      expect(read(text).intent).toBe('support');
    },
  );
});

describe('an order that mentions a block, an error or the same code as before is no complaint', () => {
  test.each([
    'Roaming is disabled on their phones, so they need eSIMs: 20 x Japan 5GB 30 days',
    'Our credit card was blocked, so please invoice us for 20 x Japan 5GB 30 days',
    'Your service was not bad at all last time. 20 x Japan 5GB 30 days',
    "Your web form gave an error so I'm emailing instead: 20 x Japan 5GB 30 days",
    'Please apply the same code as last time, 20 x Japan 5GB 30 days',
    '二维码跟上次一样发到我邮箱，日本5G 30天 20张',
    'Can it be billed in USD instead of EUR this time? 20 x Japan 5GB 30 days',
    '客人到了日本没有网用，需要20张日本5G 30天',
    '请提前发码，以免出问题。日本5G 30天 20张',
  ])('%s', (text) => {
    expect(read(text)).toMatchObject({ intent: 'order', lines: JP });
  });

  test.each([
    "the Japan eSIM is blocked, client can't use it",
    '2 of them came with the exact same QR code',
    '有两张二维码是一样的',
    'the line was suspended yesterday',
    'they charged us the old price instead of the new one',
    "the plan doesn't show on his phone",
    '客人在大阪没有网',
    '日本的卡出问题了',
  ])(
    'the trouble itself is still a complaint: %s',
    (text) => {
      expect(read(text).intent).toBe('support');
    },
  );
});

describe('an offer or a quote mentioned in passing does not make an order a price question', () => {
  test.each([
    'Thanks for your offer on the Japan plans. Please send 20 x Japan 5GB 30 days',
    'Como me cotizaste ayer, mándame 20 Japón 5GB 30 días',
    'Confirmamos lo cotizado: 20 x Japón 5GB 30 días',
    'Send 20 x Japan 5GB 30 days at the rates we agreed last week',
  ])('%s', (text) => {
    expect(read(text)).toMatchObject({ intent: 'order', lines: JP });
  });

  test('asking for a quotation is still a quote', () => {
    expect(read('Me cotizas 20 Japón 5GB 30 días?').intent).toBe('quote');
    expect(read('What is your best offer for 20 x Japan 5GB 30 days?').intent).toBe('quote');
  });
});
