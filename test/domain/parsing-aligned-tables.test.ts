import { readMessage } from '../support/read-message';

// A purchase order's table laid out with runs of spaces (a PDF's text layer, a plain-text e-mail):
// its quantity column is read, never the line number before the product; a totals row is no line.

const read = readMessage;

describe('a table lined up with spaces', () => {
  test.each([
    [
      'Subject: PO AX-3312\n\nPO attached.\n\n[Attachment: AX-3312.pdf]\nPURCHASE ORDER\nPO No: AX-3312\n\nLine  Description                 Qty   Unit price  Amount\n1     Japan 10GB eSIM 15 days     26    18.99       493.74\n2     Korea 5GB eSIM 30 days      14    12.50       175.00\n                                  Total             668.74',
      [['ESIM-JP-10GB-15D', 26], ['ESIM-KR-5GB-30D', 14]],
    ],
    [
      'Subject: 采购单 SZ-0918\n\n附件是采购单。\n\n[Attachment: SZ-0918.pdf]\n采购订单\n\n序号  品名                数量  单价\n1     泰国20GB 30天       60    41\n2     新加坡5GB 30天      35    28\n合计                      95',
      [['ESIM-TH-20GB-30D', 60], ['ESIM-SG-5GB-30D', 35]],
    ],
    [
      'Subject: Pedido PC-5521\n\nSegue o pedido.\n\nItem  Produto                     Quantidade  Valor\n1     Austrália 10GB 30 dias      9           R$ 61,00\n2     Reino Unido 5GB 30 dias     3           R$ 33,00',
      [['ESIM-AU-10GB-30D', 9], ['ESIM-UK-5GB-30D', 3]],
    ],
    [
      'Asunto: pedido\n\nDestino      Datos   Vigencia   Unidades\nJapón        10GB    15         12\nJapón        10GB    30         7',
      [['ESIM-JP-10GB-15D', 12], ['ESIM-JP-10GB-30D', 7]],
    ],
  ])('%s', (text, lines) => {
    expect(read(text).lines).toEqual(lines);
  });

  test('a sentence with two spaces in it is no table', () => {
    expect(read('Japan 5GB  x 10 please.  Thanks, quantity  as usual').lines).toEqual([['ESIM-JP-5GB-30D', 10]]);
  });
});
