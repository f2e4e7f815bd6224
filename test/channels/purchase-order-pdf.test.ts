import { randomBytes } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { simpleParser } from 'mailparser';
import PDFDocument from 'pdfkit';
import { PNG } from 'pngjs';
import { put } from '../../bot/documents/pdf-text';
import { fontChain } from '../../bot/statements/font-runs';
import { parseEmail } from '../../channels/email/parse';
import { PDF_TEXT_LIMITS, readPdfText } from '../../channels/pdf-text';
import { purchaseOrderFromFile, readPurchaseOrder, tableLines } from '../../channels/purchase-order';
import { pdfRows, pdfTable, poReferenceIn } from '../../channels/purchase-order-pdf';
import { INBOUND_LIMITS } from '../../domain/intake/limits';

// PDF purchase orders as resellers' systems print them, written here with pdfkit: the text is
// read back with its positions (PDF.js, in a worker) and the line table rebuilt from them.

type Doc = InstanceType<typeof PDFDocument>;

async function pdf(draw: (doc: Doc) => void, options: { fonts?: boolean } = {}): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { CreationDate: new Date('2026-11-26T00:00:00Z') } });
  if (options.fonts) for (const face of Object.values(fontChain())) for (const f of face) doc.registerFont(f.name, f.file);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  draw(doc);
  doc.end();
  return done;
}

const file = (bytes: Buffer, filename = 'po.pdf') => ({ filename, mimeType: 'application/pdf', bytes });

/** A classic English PO: letterhead, a header block, a ruled line table and totals under it. */
function englishPo(doc: Doc): void {
  doc.font('Helvetica-Bold').fontSize(18).text('PURCHASE ORDER', 50, 50);
  doc.font('Helvetica').fontSize(10);
  doc.text('Seoul Mobile Partners Co., Ltd.', 50, 80);
  doc.text('12 Teheran-ro, Gangnam-gu, Seoul 06234', 50, 94);
  doc.text('Buyer: Kim Ji-woo', 50, 108);
  // The header block's labels and values are separate runs of text, as in most PO templates.
  doc.text('PO No.:', 350, 80);
  doc.text('PO-2026-0042', 430, 80);
  doc.text('Date:', 350, 94);
  doc.text('2026-11-26', 430, 94);
  doc.text('Ship to: eSIM delivery by email', 350, 108);
  const cols = { no: 50, sku: 80, description: 200, qty: 360, price: 410, amount: 480 };
  let y = 150;
  doc.font('Helvetica-Bold');
  doc.text('No.', cols.no, y);
  doc.text('SKU', cols.sku, y);
  doc.text('Description', cols.description, y);
  doc.text('Qty', cols.qty, y, { width: 40, align: 'right' });
  doc.text('Unit price', cols.price, y, { width: 60, align: 'right' });
  doc.text('Amount', cols.amount, y, { width: 65, align: 'right' });
  doc.moveTo(50, y + 14).lineTo(545, y + 14).stroke();
  doc.font('Helvetica');
  const lines: [string, string, string, string, string][] = [
    ['ESIM-JP-10GB-15D', 'Japan 10GB 15 days', '500', '4.10', '2,050.00'],
    ['ESIM-TH-UNL-10D', 'Thailand unlimited 10 days, data only, activation within 30 days', '1,200', '3.25', '3,900.00'],
    ['ESIM-EU-5GB-30D', 'Europe 5GB 30 days', '40', '6.80', '272.00'],
  ];
  y += 22;
  lines.forEach(([sku, description, qty, price, amount], i) => {
    doc.text(String(i + 1), cols.no, y);
    doc.text(sku, cols.sku, y);
    doc.text(description, cols.description, y, { width: 150 }); // the long one wraps onto a second line
    doc.text(qty, cols.qty, y, { width: 40, align: 'right' });
    doc.text(price, cols.price, y, { width: 60, align: 'right' });
    doc.text(amount, cols.amount, y, { width: 65, align: 'right' });
    y += description.length > 30 ? 34 : 20;
  });
  doc.moveTo(50, y).lineTo(545, y).stroke();
  y += 8;
  for (const [label, amount] of [['Subtotal', '6,222.00'], ['Tax (0%)', '0.00'], ['Total', 'USD 6,222.00']]) {
    doc.text(label!, cols.price, y, { width: 60, align: 'right' });
    doc.text(amount!, cols.amount, y, { width: 65, align: 'right' });
    y += 16;
  }
  doc.text('Total quantity', cols.description, y);
  doc.text('1,740', cols.qty, y, { width: 40, align: 'right' });
  doc.text('Terms: net 30. Please confirm this order by email.', 50, y + 40);
}

/** A Chinese 采购单 in the bundled fonts: Chinese, Latin and digits in runs of different fonts on one baseline. */
function chinesePo(doc: Doc): void {
  put(doc, '采购单', 50, 50, { size: 18, face: 'bold' });
  put(doc, '采购单号：CG-20261126-01', 50, 85, { size: 10 });
  put(doc, '日期：2026年11月26日', 50, 100, { size: 10 });
  put(doc, '供应商：eSIM Hub', 300, 85, { size: 10 });
  put(doc, '收货人：友谊旅行社 陈洁', 300, 100, { size: 10 });
  const x = { no: 50, product: 90, qty: 300, price: 370, amount: 450 };
  let y = 140;
  put(doc, '序号', x.no, y, { size: 10, face: 'bold' });
  put(doc, '产品', x.product, y, { size: 10, face: 'bold' });
  put(doc, '数量', x.qty, y, { size: 10, face: 'bold', width: 50, align: 'right' });
  put(doc, '单价（元）', x.price, y, { size: 10, face: 'bold', width: 60, align: 'right' });
  put(doc, '金额（元）', x.amount, y, { size: 10, face: 'bold', width: 80, align: 'right' });
  const rows: [string, string, string, string][] = [
    ['日本 10GB 15天', '200', '29.00', '5,800.00'],
    ['泰国 无限流量 10天', '1,000', '22.50', '22,500.00'],
    ['港澳台 3GB 7天', '60', '15.00', '900.00'],
  ];
  rows.forEach(([product, qty, price, amount], i) => {
    y += 20;
    put(doc, String(i + 1), x.no, y, { size: 10 });
    put(doc, product, x.product, y, { size: 10 });
    put(doc, qty, x.qty, y, { size: 10, width: 50, align: 'right' });
    put(doc, price, x.price, y, { size: 10, width: 60, align: 'right' });
    put(doc, amount, x.amount, y, { size: 10, width: 80, align: 'right' });
  });
  y += 24;
  put(doc, '合计', x.product, y, { size: 10, face: 'bold' });
  put(doc, '1,260', x.qty, y, { size: 10, face: 'bold', width: 50, align: 'right' });
  put(doc, '29,200.00', x.amount, y, { size: 10, face: 'bold', width: 80, align: 'right' });
  put(doc, '备注：请于收到付款后发送二维码。', 50, y + 40, { size: 10 });
}

/** A Spanish order with the quantity first and amounts written 1.234,56. */
function spanishPo(doc: Doc): void {
  put(doc, 'ORDEN DE COMPRA', 50, 50, { size: 16, face: 'bold' });
  put(doc, 'Viajes Andinos S.A.C. · Av. Larco 345, Miraflores, Lima', 50, 75, { size: 9 });
  put(doc, 'Orden de compra Nº: OC-2026-118', 340, 95, { size: 10 });
  put(doc, 'Fecha de pedido: 26/11/2026', 340, 110, { size: 10 });
  const x = { qty: 50, description: 110, price: 360, amount: 450 };
  let y = 150;
  put(doc, 'Cant.', x.qty, y, { size: 10, face: 'bold', width: 45, align: 'right' });
  put(doc, 'Descripción', x.description, y, { size: 10, face: 'bold' });
  put(doc, 'Precio unitario', x.price, y, { size: 10, face: 'bold', width: 80, align: 'right' });
  put(doc, 'Importe', x.amount, y, { size: 10, face: 'bold', width: 90, align: 'right' });
  const rows: [string, string, string, string][] = [
    ['1.200', 'Japón 10GB 15 días', '4,10', '4.920,00'],
    ['35', 'Europa 5GB 30 días', '6,80', '238,00'],
    ['12', 'Estados Unidos ilimitado 7 días', '89,713', '1.076,56'],
  ];
  for (const [qty, description, price, amount] of rows) {
    y += 18;
    put(doc, qty, x.qty, y, { size: 10, width: 45, align: 'right' });
    put(doc, description, x.description, y, { size: 10 });
    put(doc, price, x.price, y, { size: 10, width: 80, align: 'right' });
    put(doc, amount, x.amount, y, { size: 10, width: 90, align: 'right' });
  }
  y += 26;
  put(doc, 'Subtotal', x.price, y, { size: 10, width: 80, align: 'right' });
  put(doc, '6.234,56', x.amount, y, { size: 10, width: 90, align: 'right' });
  put(doc, 'Total', x.price, y + 16, { size: 10, face: 'bold', width: 80, align: 'right' });
  put(doc, 'PEN 6.234,56', x.amount, y + 16, { size: 10, face: 'bold', width: 90, align: 'right' });
}

/** The same in Portuguese: "Pedido de compra nº", Quantidade before Descrição. */
function portuguesePo(doc: Doc): void {
  put(doc, 'Pedido de compra nº PC-889', 50, 50, { size: 14, face: 'bold' });
  put(doc, 'Emissão: 26/11/2026 — Viagens Tropicais Ltda., São Paulo', 50, 72, { size: 9 });
  let y = 110;
  put(doc, 'Quantidade', 50, y, { size: 10, face: 'bold' });
  put(doc, 'Descrição', 130, y, { size: 10, face: 'bold' });
  put(doc, 'Valor unitário', 340, y, { size: 10, face: 'bold', width: 80, align: 'right' });
  put(doc, 'Total', 440, y, { size: 10, face: 'bold', width: 90, align: 'right' });
  for (const [qty, description, price, amount] of [
    ['2.500', 'Brasil 20GB 30 dias', '3,20', '8.000,00'],
    ['80', 'Portugal 10GB 15 dias', '5,90', '472,00'],
  ]) {
    y += 18;
    put(doc, qty!, 50, y, { size: 10 });
    put(doc, description!, 130, y, { size: 10 });
    put(doc, price!, 340, y, { size: 10, width: 80, align: 'right' });
    put(doc, amount!, 440, y, { size: 10, width: 90, align: 'right' });
  }
  put(doc, 'Total geral', 340, y + 24, { size: 10, face: 'bold', width: 80, align: 'right' });
  put(doc, 'R$ 8.472,00', 440, y + 24, { size: 10, face: 'bold', width: 90, align: 'right' });
}

/** A table of `count` lines over two pages, its header repeated on the second, a footer on each page. */
function twoPagePo(count: number) {
  return (doc: Doc) => {
    doc.font('Helvetica').fontSize(10);
    doc.text('Purchase Order # 7781-B', 50, 50);
    const header = (y: number) => {
      doc.font('Helvetica-Bold').text('Line', 50, y).text('Description', 110, y).text('Quantity', 400, y, { width: 60, align: 'right' });
      doc.font('Helvetica');
    };
    let y = 90;
    header(y);
    let page = 1;
    for (let i = 1; i <= count; i += 1) {
      y += 18;
      if (y > 720) {
        doc.text(`Page ${page} of 2 - continued`, 50, 760);
        doc.addPage();
        page += 1;
        y = 60;
        header(y);
        y += 18;
      }
      doc.text(`L${i}`, 50, y).text(`Japan ${i}GB 7 days`, 110, y).text(String(i * 10), 400, y, { width: 60, align: 'right' });
    }
    doc.text(`Page ${page} of 2`, 50, 760);
  };
}

function png(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): Buffer {
  const image = new PNG({ width, height });
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const [r, g, b] = pixel(x, y);
      const at = (y * width + x) * 4;
      image.data[at] = r;
      image.data[at + 1] = g;
      image.data[at + 2] = b;
      image.data[at + 3] = 255;
    }
  }
  return PNG.sync.write(image, { colorType: 2 }); // no alpha channel: pdfkit embeds it as it is
}

describe('PDF purchase orders', () => {
  test('a classic English PO: the SKU and Qty columns of its line table, the PO number of its header block; no totals', async () => {
    const po = await readPurchaseOrder(file(await pdf(englishPo), 'PO-2026-0042.pdf'));
    expect(po).toEqual({ lines: ['ESIM-JP-10GB-15D x 500', 'ESIM-TH-UNL-10D x 1200', 'ESIM-EU-5GB-30D x 40'], poReference: 'PO-2026-0042' });
  });

  test('a Chinese 采购单 in the bundled CJK font: 产品 and 数量, the 合计 row left out, 采购单号 kept', async () => {
    const po = await readPurchaseOrder({ filename: '采购单.pdf', mimeType: 'application/pdf', bytes: await pdf(chinesePo, { fonts: true }) });
    expect(po).toEqual({ lines: ['日本 10GB 15天 x 200', '泰国 无限流量 10天 x 1000', '港澳台 3GB 7天 x 60'], poReference: 'CG-20261126-01' });
  });

  test('Spanish and Portuguese POs: the quantity column before the description, 1.200 is a thousand two hundred, totals left out', async () => {
    expect(await readPurchaseOrder(file(await pdf(spanishPo, { fonts: true })))).toEqual({
      lines: ['Japón 10GB 15 días x 1200', 'Europa 5GB 30 días x 35', 'Estados Unidos ilimitado 7 días x 12'],
      poReference: 'OC-2026-118',
    });
    expect(await readPurchaseOrder(file(await pdf(portuguesePo, { fonts: true })))).toEqual({
      lines: ['Brasil 20GB 30 dias x 2500', 'Portugal 10GB 15 dias x 80'],
      poReference: 'PC-889',
    });
  });

  test('a table over two pages: every line in order, the repeated header and the page footers are no lines', async () => {
    const bytes = await pdf(twoPagePo(50));
    const text = await readPdfText(bytes);
    expect(text?.pages).toBe(2);
    const po = await readPurchaseOrder(file(bytes));
    expect(po?.lines).toHaveLength(50);
    expect(po?.lines.slice(0, 2)).toEqual(['Japan 1GB 7 days x 10', 'Japan 2GB 7 days x 20']);
    expect(po?.lines.slice(-1)).toEqual(['Japan 50GB 7 days x 500']);
    expect(po?.poReference).toBe('7781-B');
  });

  test('a wrapped description is one product; the lines of the English PO by description when it has no SKU column', async () => {
    const rows = pdfRows((await readPdfText(await pdf(englishPo)))!.items);
    const { table } = pdfTable(rows);
    expect(table[0]).toEqual(['No.', 'SKU', 'Description', 'Qty', 'Unit price', 'Amount']);
    expect(table[2]).toEqual(['2', 'ESIM-TH-UNL-10D', 'Thailand unlimited 10 days, data only, activation within 30 days', '1,200', '3.25', '3,900.00']);
    // The same table read by its description column (as a PO without SKUs would be).
    expect(tableLines(table.map((r) => [r[2]!, r[3]!]))).toEqual([
      'Japan 10GB 15 days x 500',
      'Thailand unlimited 10 days, data only, activation within 30 days x 1200',
      'Europe 5GB 30 days x 40',
    ]);
  });

  test('a scan (an image, no text layer) gives no lines: a person reads it', async () => {
    const image = png(200, 120, (x, y) => ((x >> 3) + (y >> 3)) % 2 ? [255, 255, 255] : [20, 20, 20]);
    const bytes = await pdf((doc) => doc.image(image, 50, 50, { width: 500 }));
    expect(await readPdfText(bytes)).toEqual({ pages: 1, items: [] });
    expect(await readPurchaseOrder(file(bytes, 'scan.pdf'))).toEqual({ lines: [] });
  });

  test('a text PDF without a line table gives no lines, and still its PO number', async () => {
    const bytes = await pdf((doc) => {
      doc.fontSize(11).text('P.O. Number: 4500012345', 50, 50);
      doc.text('Please send 500 eSIMs for Japan, as agreed by phone. P.O. Box 1234, Lima.', 50, 80);
    });
    expect(await readPurchaseOrder(file(bytes))).toEqual({ lines: [], poReference: '4500012345' });
  });

  test('a PDF over the purchase order byte limit is not parsed', async () => {
    const readable = await pdf(englishPo);
    expect((await purchaseOrderFromFile(file(readable))) ?? []).toHaveLength(3);
    // The same document with a large file embedded in it (the spreadsheet it was printed from, say):
    // still a readable PDF, but too heavy.
    const heavy = await pdf((doc) => {
      englishPo(doc);
      doc.file(randomBytes(INBOUND_LIMITS.purchaseOrderBytes), { name: 'po-7781.xlsx', type: 'application/octet-stream' });
    });
    expect(heavy.length).toBeGreaterThan(INBOUND_LIMITS.purchaseOrderBytes);
    const started = Date.now();
    expect(await readPurchaseOrder(file(heavy))).toEqual({ lines: [] });
    expect(Date.now() - started).toBeLessThan(50); // refused on its size, never opened
  });

  test('a malformed PDF gives no lines and throws nothing', async () => {
    const whole = await pdf(englishPo);
    const garbage = [
      Buffer.alloc(0),
      Buffer.from('%PDF-1.7\n'),
      Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\nxref\n0 1\ntrailer << /Root 1 0 R /Size 99999999 >>\nstartxref\n9\n%%EOF'),
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 2_654_435_761) >>> 24)),
      Buffer.concat([Buffer.from('%PDF-1.5\n'), Buffer.alloc(3000, 0xff)]),
    ];
    for (const bytes of garbage) expect(await readPurchaseOrder(file(bytes))).toEqual({ lines: [] });
    // Cut short or damaged in the middle: whatever PDF.js recovers, a list of lines and no exception.
    for (const bytes of [whole.subarray(0, whole.length >> 1), Buffer.concat([whole.subarray(0, 600), Buffer.alloc(400, 0x41), whole.subarray(1000)])]) {
      const po = await readPurchaseOrder(file(bytes));
      expect(Array.isArray(po?.lines)).toBe(true);
    }
  });

  test('the reading is bounded: ten pages at most, and a deadline', async () => {
    const twelvePages = await pdf((doc) => {
      for (let page = 1; page <= 12; page += 1) {
        if (page > 1) doc.addPage();
        doc.fontSize(10).text(`page ${page}`, 50, 50);
      }
    });
    const text = await readPdfText(twelvePages);
    expect(text?.pages).toBe(12);
    expect(text?.items.map((i) => i.text)).toEqual(Array.from({ length: PDF_TEXT_LIMITS.pages }, (_, i) => `page ${i + 1}`));
    expect(await readPdfText(twelvePages, { ...PDF_TEXT_LIMITS, ms: 1 })).toBeNull();
  });

  test('the PO number is found after its label in the languages of our resellers, and dates are not taken for one', () => {
    const row = (...texts: string[]) => ({ page: 1, y: 10, size: 10, cells: texts.map((text, i) => ({ text, left: i * 100, right: i * 100 + 80 })) });
    const ref = (...texts: string[]) => poReferenceIn([row(...texts)]);
    expect(ref('PO Number: 4500012345')).toBe('4500012345');
    expect(ref('Purchase Order #', 'SMP/2026/77')).toBe('SMP/2026/77');
    expect(ref('Pedido nº 4471.')).toBe('4471');
    expect(ref('Nº de pedido: P-12')).toBe('P-12');
    expect(ref('订单号：20261126001')).toBe('20261126001');
    expect(ref('Fecha de pedido: 26/11/2026')).toBeUndefined();
    expect(ref('PURCHASE ORDER')).toBeUndefined();
    expect(ref('P.O. Box 1234')).toBeUndefined();
    expect(ref('Orden de compra OC-118')).toBe('OC-118');
    expect(ref('订单号码：A123')).toBe('A123');
    // A bare title takes no number from the cell beside or under it (an address, a page count).
    expect(ref('PURCHASE ORDER', '12 Teheran-ro')).toBeUndefined();
    expect(ref('Purchase Order 2 of 3')).toBeUndefined();
    expect(poReferenceIn([row('PURCHASE ORDER'), { ...row('12 Teheran-ro'), y: 24 }])).toBeUndefined();
    // A boxed header: the number in the cell under its label.
    expect(poReferenceIn([row('Date', 'PO No.'), { ...row('2026-11-26', 'A-778'), y: 24 }])).toBe('A-778');
  });
});

describe('a PDF purchase order through the email channel', () => {
  test('its lines are in the message text handed to the pipeline, and its PO number is kept', async () => {
    const raw = await new MailComposer({
      from: 'Kim Ji-woo <orders@seoulmobile.kr>',
      to: 'orders@esimhub.test',
      subject: 'PO-2026-0042',
      text: 'Hello, please find our purchase order attached.\n\nKim Ji-woo',
      attachments: [{ filename: 'PO-2026-0042.pdf', contentType: 'application/pdf', content: await pdf(englishPo) }],
    })
      .compile()
      .build();
    const context = { ownAddress: 'orders@esimhub.test', authservId: 'mx.esimhub.test', uidValidity: 1, uid: 7, receivedAt: new Date('2026-11-26T00:14:02Z') };
    const inbound = await parseEmail(await simpleParser(raw), context);
    expect(inbound!.text.split('\n')).toEqual([
      'Subject: PO-2026-0042',
      '',
      'Hello, please find our purchase order attached.',
      '',
      'Kim Ji-woo',
      '',
      '[Attachment: PO-2026-0042.pdf]',
      'PO number: PO-2026-0042',
      'ESIM-JP-10GB-15D x 500',
      'ESIM-TH-UNL-10D x 1200',
      'ESIM-EU-5GB-30D x 40',
    ]);
    expect(inbound!.attachments.map((a) => [a.kind, a.mimeType, a.filename])).toEqual([['file', 'application/pdf', 'PO-2026-0042.pdf']]);
  });
});
