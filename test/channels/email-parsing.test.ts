import ExcelJS from 'exceljs';
import { purchaseOrderFromFile, purchaseOrderLines } from '../../channels/purchase-order';
import { stripQuotedReplies as stripQuotedReply } from '../../domain/parsing/quoted-replies';
import { verifySender } from '../../channels/email/sender-authentication';

describe('sender verification from Authentication-Results', () => {
  const from = 'orders@seoulmobile.kr';
  test('dmarc decides when present', () => {
    expect(verifySender(['mx.us; dmarc=pass header.from=seoulmobile.kr'], from, 'mx.us').verified).toBe(true);
    expect(verifySender(['mx.us; spf=pass smtp.mailfrom=seoulmobile.kr; dmarc=fail header.from=seoulmobile.kr'], from, 'mx.us')).toEqual({ verified: false, reason: 'dmarc=fail', final: true });
  });
  test('without dmarc, an aligned dkim or spf pass counts; an unaligned one does not', () => {
    expect(verifySender(['mx.us; dkim=pass (good sig) header.d=seoulmobile.kr'], from, 'mx.us').verified).toBe(true);
    expect(verifySender(['mx.us; spf=pass smtp.mailfrom=bounce@mail.seoulmobile.kr'], from, 'mx.us').verified).toBe(true);
    expect(verifySender(['mx.us; dkim=pass header.d=evil.example; spf=pass smtp.mailfrom=evil.example'], from, 'mx.us').verified).toBe(false);
  });
  test('only our own server\'s header is trusted; a sender-added one is ignored', () => {
    const headers = ['mx.us; dmarc=fail header.from=seoulmobile.kr', 'mx.us.evil; dmarc=pass header.from=seoulmobile.kr'];
    expect(verifySender(headers, from, 'mx.us').verified).toBe(false);
    expect(verifySender(headers.slice().reverse(), from, 'mx.us').verified).toBe(false);
    expect(verifySender(['mx.us; dmarc=pass header.from=seoulmobile.kr'], from).verified).toBe(false); // no EMAIL_AUTHSERV_ID: no header is trusted
    expect(verifySender([], from, 'mx.us')).toEqual({ verified: false, reason: 'no Authentication-Results from mx.us' });
  });
});

describe('quoted replies', () => {
  test('drops the quoted conversation in English, Chinese, Spanish, Portuguese and Outlook style', () => {
    expect(stripQuotedReply('yes please\n\nOn Wed, 25 Nov 2026 at 10:00, eSIM Hub <o@e.test> wrote:\n> Quote Q-000001\n> Japan x 500')).toBe('yes please');
    expect(stripQuotedReply('确认\n\n在 2026年11月25日 10:00，eSIM Hub 写道：\n> 报价 Q-000001')).toBe('确认');
    expect(stripQuotedReply('sí\nEl mié, 25 nov 2026 a las 10:00, eSIM Hub escribió:\n> Cotización')).toBe('sí');
    expect(stripQuotedReply('sim\nEm qua., 25 de nov. de 2026 às 10:00, eSIM Hub escreveu:\n> Cotação')).toBe('sim');
    expect(stripQuotedReply('ok go\n\nFrom: eSIM Hub <o@e.test>\nSent: Wednesday, November 25, 2026 10:00\nSubject: Quote')).toBe('ok go');
    expect(stripQuotedReply('ok\n-----Original Message-----\nJapan x 100')).toBe('ok');
  });
  test('keeps the message itself, including a "From:" line that is not a reply header', () => {
    expect(stripQuotedReply('Japan 10GB x 50\nFrom: our Bangkok office\nThanks')).toBe('Japan 10GB x 50\nFrom: our Bangkok office\nThanks');
    expect(stripQuotedReply('Japan x 5\n-- \nKim Ji-woo\nSeoul Mobile')).toBe('Japan x 5');
  });
});

describe('purchase orders as CSV attachments', () => {
  test('product and quantity columns become order lines, whatever the separator and header language', () => {
    expect(purchaseOrderLines('SKU,Qty\nESIM-JP-10GB-15D,500\nESIM-TH-UNL-10D,"1,000"\n')).toEqual(['ESIM-JP-10GB-15D x 500', 'ESIM-TH-UNL-10D x 1000']);
    expect(purchaseOrderLines('\uFEFF产品;数量\n日本 10GB 15天;200\n')).toEqual(['日本 10GB 15天 x 200']);
    // A row whose count is not a whole number is a line whose count is asked, never dropped unsaid.
    expect(purchaseOrderLines('Line,Description,Quantity,Unit price\n1,Japan 1GB 7 days,20,4.10\n2,Europe 10GB,abc,9\n')).toEqual(['Japan 1GB 7 days x 20', 'Europe 10GB']);
    // Spanish and Portuguese headers and their thousands: 1.200 is a quantity, 0.5 or 2.5 is none.
    expect(purchaseOrderLines('Cant.;Descripción;Importe\n1.200;Japón 10GB;4920\n0.5;Europa;3\n')).toEqual(['Japón 10GB x 1200', 'Europa']);
    expect(purchaseOrderLines('Qtd;Descrição\n2.500;Brasil 20GB\n2.5;Portugal\n')).toEqual(['Brasil 20GB x 2500', 'Portugal']);
  });
  test('a CSV without recognisable columns, or not a CSV at all, gives no lines', () => {
    expect(purchaseOrderLines('a,b\n1,2')).toEqual([]);
    expect(purchaseOrderLines('"unterminated')).toEqual([]);
  });
});

describe('purchase orders as XLSX files', () => {
  test('the first sheet with product and quantity columns, header below a title row, numbers as cells', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Cover').addRow(['Purchase order PO-7781']);
    const sheet = workbook.addWorksheet('Lines');
    sheet.addRow(['Seoul Mobile Partners - PO-7781']);
    sheet.addRow(['#', 'Product', 'Quantity', 'Note']);
    sheet.addRow([1, 'ESIM-JP-10GB-15D', 500, '']);
    sheet.addRow([2, 'Thailand unlimited 10 days', 1200, 'rush']);
    sheet.addRow([3, 'Total', { formula: 'C3+C4', result: 1700 }, '']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await purchaseOrderFromFile({ filename: 'PO-7781.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', bytes })).toEqual([
      'ESIM-JP-10GB-15D x 500',
      'Thailand unlimited 10 days x 1200',
    ]); // the total row is not an order line
  });
  test('a broken PDF or XLSX gives no lines, and a file of another kind is not a purchase order', async () => {
    expect(await purchaseOrderFromFile({ filename: 'po.pdf', mimeType: 'application/pdf', bytes: Buffer.from('%PDF-1.4') })).toEqual([]);
    expect(await purchaseOrderFromFile({ filename: 'po.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', bytes: Buffer.from('PK') })).toBeNull();
    expect(await purchaseOrderFromFile({ filename: 'po.xlsx', mimeType: 'application/octet-stream', bytes: Buffer.from('not a zip') })).toEqual([]);
  });
});
