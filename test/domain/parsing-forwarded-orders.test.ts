import { readMessage } from '../support/read-message';

// An e-mail that forwards an order (a manager's, a client's) under a "Forwarded message" line: the
// forwarded order is read, not the covering note that only says there is one.

const read = readMessage;

describe('a forwarded order under the forward line', () => {
  test.each([
    [
      'Subject: Fwd: team trip to Seoul\n\nHi, see the order from our director below, please go ahead.\n\nBest,\nTom\n\n---------- Forwarded message ---------\nFrom: Helen Park\nDate: Mon, 2 Nov 2026 at 09:14\nSubject: team trip to Seoul\nTo: Tom Reyes\n\nTom, please get:\n- Korea 10GB 30 days: 14\n- Japan 5GB: 3 (the Osaka side trip)\nThanks, H',
      [['ESIM-KR-10GB-30D', 14], ['ESIM-JP-5GB-30D', 3]],
    ],
    [
      'Subject: RV: pedido feria Madrid\n\nBuenas, os reenvío el pedido de gerencia.\n\nUn saludo,\nLucía\n\n---------- Mensaje reenviado ---------\nDe: Gerencia\nFecha: mar, 3 nov 2026\nAsunto: eSIM feria\n\nLucía, pide por favor:\nEuropa 10GB - 25\nReino Unido 5GB - 6',
      [['ESIM-EU-10GB-30D', 25], ['ESIM-UK-5GB-30D', 6]],
    ],
    [
      'Subject: ENC: pedido Tailândia\n\nSegue o pedido do cliente abaixo.\n\nAbs,\nRafa\n\n---------- Mensagem encaminhada ---------\nDe: Cliente Viagens Sol\nData: qua., 4 de nov. de 2026\nAssunto: eSIM\n\nPrecisamos de Tailândia 20GB: 18',
      [['ESIM-TH-20GB-30D', 18]],
    ],
  ])('%s', (text, lines) => {
    expect(read(text)).toMatchObject({ intent: 'order', lines });
  });

  test('an attachment inside the forwarded e-mail is its order', () => {
    const text = 'Subject: Fwd: PO LT-7781 Taipei incentive\n\n---------- Forwarded message ---------\nFrom: Grace Lin\n\nPlease fulfil the attached.\n\n[Attachment: LT-7781.csv]\nline,product,quantity\n1,ESIM-TW-10GB-30D,40\n2,ESIM-HK-3GB-15D,8\n\nThanks,\nGrace';
    expect(read(text).lines).toEqual([['ESIM-TW-10GB-30D', 40], ['ESIM-HK-3GB-15D', 8]]);
  });

  test("the covering note's own complete line is the order, not what it forwards", () => {
    const text = 'Subject: Fwd: Japan\n\nJapan 10GB 15 days x 12 please, the thread below is only for context.\n\n---------- Forwarded message ---------\nFrom: Ken\n\nmaybe Korea 5GB x 40?';
    expect(read(text).lines).toEqual([['ESIM-JP-10GB-15D', 12]]);
  });
});
