import zlib from 'node:zlib';
import fc from 'fast-check';
import { CATALOGUE, hostileString, shortHostileString } from './fuzz-arbitraries';

// Generated files for the parsers: purchase orders as CSV and XLSX (many rows, hostile cells,
// broken and bomb-like archives), and raw MIME mails with hostile headers and attachments.

// ------------------------------------------------------------------------------ tables

const productHeader = fc.constantFrom('SKU', 'Product', 'product name', 'Item', 'Description', 'Plan', '产品', '套餐', 'Producto', 'Produto', 'sku ', '\ufeffSKU');
const quantityHeader = fc.constantFrom('Qty', 'Quantity', 'PCS', 'units', 'Count', '数量', 'Cantidad', 'Quantidade');
const productCell = fc.oneof(
  { arbitrary: fc.constantFrom(...CATALOGUE.map((p) => p.sku), 'Japan 10GB 15 days', '日本 10GB 15天', 'Europe 5GB', 'Total', 'Subtotal', '合计'), weight: 5 },
  { arbitrary: shortHostileString, weight: 3 },
  { arbitrary: hostileString, weight: 1 },
);
const quantityCell = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 5000 }).map(String), weight: 5 },
  { arbitrary: fc.constantFrom('1,000', ' 50 ', '0', '-5', '1e3', '', 'abc', '99999999999999999999999', '1.5', '１０'), weight: 2 },
  { arbitrary: fc.integer({ min: 20, max: 3000 }).map((n) => '9'.repeat(n)), weight: 1 },
  { arbitrary: shortHostileString, weight: 1 },
);

export interface Table {
  rows: string[][];
  /** The last row repeated this many more times (many rows cheaply; shrinks to 0). */
  repeat: number;
}

export const tables: fc.Arbitrary<Table> = fc.record({
  rows: fc
    .tuple(
      fc.array(fc.array(shortHostileString, { maxLength: 3 }), { maxLength: 2 }), // title rows above the header
      fc.tuple(fc.option(shortHostileString), productHeader, fc.option(shortHostileString), quantityHeader),
      fc.array(fc.tuple(fc.option(shortHostileString), productCell, fc.option(shortHostileString), quantityCell), { maxLength: 40 }),
    )
    .map(([titles, header, rows]) => [...titles, header.map((c) => c ?? ''), ...rows.map((r) => r.map((c) => c ?? ''))]),
  repeat: fc.oneof({ arbitrary: fc.constant(0), weight: 6 }, { arbitrary: fc.integer({ min: 1, max: 3000 }), weight: 2 }, { arbitrary: fc.integer({ min: 3001, max: 60_000 }), weight: 1 }),
});

/** The rows, the last repeated; at most about 3 MiB of repeats (a little over what a purchase order may weigh). */
export function allRows(table: Table): string[][] {
  const last = table.rows[table.rows.length - 1] ?? [];
  const rowChars = last.reduce((n, cell) => n + cell.length + 1, 1);
  const repeat = Math.min(table.repeat, Math.floor((3 * 1024 * 1024) / rowChars));
  return [...table.rows, ...Array.from({ length: repeat }, () => last)];
}

// ---------------------------------------------------------------------------------- CSV

function csvCell(value: string, quoteAll: boolean): string {
  return quoteAll || /[",;\t\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export interface CsvFile {
  table: Table;
  separator: ',' | ';' | '\t';
  quoteAll: boolean;
  bom: boolean;
  newline: '\n' | '\r\n' | '\r';
  /** Bytes that break it: an unterminated quote, random bytes appended, invalid UTF-8. */
  damage: 'none' | 'unterminated' | 'invalid-utf8' | 'nul';
}

export const csvFiles: fc.Arbitrary<CsvFile> = fc.record({
  table: tables,
  separator: fc.constantFrom(',', ';', '\t'),
  quoteAll: fc.boolean(),
  bom: fc.boolean(),
  newline: fc.constantFrom('\n', '\r\n', '\r'),
  damage: fc.oneof({ arbitrary: fc.constant<CsvFile['damage']>('none'), weight: 6 }, { arbitrary: fc.constantFrom<CsvFile['damage']>('unterminated', 'invalid-utf8', 'nul'), weight: 1 }),
});

export function csvBytes(file: CsvFile): Buffer {
  const text = allRows(file.table).map((row) => row.map((c) => csvCell(c, file.quoteAll)).join(file.separator)).join(file.newline);
  const body = Buffer.from(`${file.bom ? '\ufeff' : ''}${text}${file.newline}`, 'utf8');
  switch (file.damage) {
    case 'unterminated': return Buffer.concat([body, Buffer.from('"never closed,5\n')]);
    case 'invalid-utf8': return Buffer.concat([body.subarray(0, body.length >> 1), Buffer.from([0xc0, 0x80, 0xed, 0xa0, 0x80, 0xff]), body.subarray(body.length >> 1)]);
    case 'nul': return Buffer.concat([body, Buffer.from('x\u0000y,1\n')]);
    default: return body;
  }
}

// --------------------------------------------------------------------------------- XLSX

const escapeXml = (s: string) =>
  s
    .toWellFormed()
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

function column(index: number): string {
  let name = '';
  for (let i = index + 1; i > 0; i = Math.floor((i - 1) / 26)) name = String.fromCharCode(65 + ((i - 1) % 26)) + name;
  return name;
}

export interface XlsxFile {
  table: Table;
  /** Cells that look like numbers are written as numbers. */
  numbers: boolean;
  /** Rows without their r attribute compress to almost nothing: the bomb variant. */
  rowNumbers: boolean;
  damage: 'none' | 'truncated' | 'flipped' | 'random' | 'not-a-workbook';
  flipAt: number;
}

export const xlsxFiles: fc.Arbitrary<XlsxFile> = fc.record({
  table: tables,
  numbers: fc.boolean(),
  rowNumbers: fc.oneof({ arbitrary: fc.constant(true), weight: 5 }, { arbitrary: fc.constant(false), weight: 1 }),
  damage: fc.oneof({ arbitrary: fc.constant<XlsxFile['damage']>('none'), weight: 6 }, { arbitrary: fc.constantFrom<XlsxFile['damage']>('truncated', 'flipped', 'random', 'not-a-workbook'), weight: 2 }),
  flipAt: fc.nat(),
});

const XLSX_PARTS = {
  '[Content_Types].xml':
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
  '_rels/.rels':
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  'xl/workbook.xml':
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="PO" sheetId="1" r:id="rId1"/></sheets></workbook>',
  'xl/_rels/workbook.xml.rels':
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
};

/** A minimal workbook written by hand (inline strings), so a sheet of 60,000 rows costs milliseconds to build. */
export function xlsxBytes(file: XlsxFile): Buffer {
  if (file.damage === 'random') return Buffer.from(Array.from({ length: 64 + (file.flipAt % 4000) }, (_, i) => (i * 7919 + file.flipAt) & 0xff));
  const cell = (value: string, c: number, r: number) => {
    const ref = file.rowNumbers ? ` r="${column(c)}${r}"` : '';
    return file.numbers && /^\d{1,15}$/.test(value.trim()) ? `<c${ref}><v>${value.trim()}</v></c>` : `<c${ref} t="inlineStr"><is><t>${escapeXml(value)}</t></is></c>`;
  };
  const row = (cells: string[], r: number) => `<row${file.rowNumbers ? ` r="${r}"` : ''}>${cells.map((v, c) => cell(v, c, r)).join('')}</row>`;
  const rows = allRows(file.table).map((cells, i) => row(cells, i + 1));
  const sheet = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData></worksheet>`;
  const parts: Record<string, Buffer> = Object.fromEntries(Object.entries(XLSX_PARTS).map(([name, xml]) => [name, Buffer.from(xml, 'utf8')]));
  if (file.damage !== 'not-a-workbook') parts['xl/worksheets/sheet1.xml'] = Buffer.from(sheet, 'utf8');
  else delete parts['xl/workbook.xml'];
  const bytes = nativeZip(parts);
  if (file.damage === 'truncated') return bytes.subarray(0, Math.max(1, file.flipAt % bytes.length));
  if (file.damage === 'flipped') {
    const copy = Buffer.from(bytes);
    for (let i = 0; i < 8; i += 1) copy[(file.flipAt + i * 131) % copy.length]! ^= 0xff;
    return copy;
  }
  return bytes;
}

/** A zip of deflated entries, written with Node's native zlib (a 115 MB sheet compresses in a second, not four). */
function nativeZip(entries: Record<string, Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of Object.entries(entries)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const deflated = zlib.deflateRawSync(data, { level: 6 });
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(deflated.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(deflated.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, deflated);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A workbook whose one sheet inflates to `rows` rows (without row numbers: 75 bytes each): small on the wire, large in memory. */
export function xlsxBomb(rows: number): Buffer {
  const row = '<row><c t="inlineStr"><is><t>ESIM-JP-1GB-7D</t></is></c><c><v>1</v></c></row>';
  const sheet = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row><c t="inlineStr"><is><t>Product</t></is></c><c t="inlineStr"><is><t>Qty</t></is></c></row>${row.repeat(rows)}</sheetData></worksheet>`;
  const entries: Record<string, Buffer> = Object.fromEntries(Object.entries(XLSX_PARTS).map(([name, xml]) => [name, Buffer.from(xml, 'utf8')]));
  entries['xl/worksheets/sheet1.xml'] = Buffer.from(sheet, 'utf8');
  return nativeZip(entries);
}

// ---------------------------------------------------------------------------------- MIME

export const OUR_AUTHSERV = 'mx.esimhub.test';

export interface MailAttachment {
  filename: string;
  contentType: string;
  bytes: Buffer;
  /** RFC 2231 (filename*=UTF-8''…) or a plain quoted name. */
  encodedName: boolean;
}

export interface Mail {
  from: string;
  fromDomain: string;
  subject: string;
  subjectEncoding: 'raw' | 'b' | 'q' | 'bad-charset';
  body: string;
  bodyEncoding: 'base64' | 'quoted-printable' | '8bit';
  html: boolean;
  /** Authentication-Results headers; `trusted` says whether one of ours claims a pass. */
  authentication: { headers: string[]; trusted: boolean };
  references: string[];
  attachments: MailAttachment[];
}

const domain = fc.constantFrom('seoulmobile.kr', 'youyi-travel.cn', 'evil.example', 'xn--bcher-kva.example', 'example.com');
const localPart = fc.oneof(fc.constantFrom('orders', 'Purchasing', 'a.b+tag', '"quoted local"', 'x'), fc.stringMatching(/^[a-z0-9._-]{1,64}$/));

const fromHeader = fc
  .tuple(localPart, domain, fc.option(shortHostileString), fc.constantFrom('plain', 'named', 'two', 'encoded', 'angle-trick', 'missing', 'hostile'), shortHostileString)
  .map(([local, d, name, style, junk]) => {
    const address = `${local}@${d}`;
    const b64 = Buffer.from(name ?? 'Name', 'utf8').toString('base64');
    const from = {
      plain: address,
      named: `"${(name ?? 'Ana').replace(/["\\\r\n]/g, '')}" <${address}>`,
      two: `${address}, other@evil.example`,
      encoded: `=?UTF-8?B?${b64}?= <${address}>`,
      'angle-trick': `${address} <attacker@evil.example>`,
      missing: '',
      hostile: junk.replace(/[\r\n]/g, ' '),
    }[style];
    return { from, domain: d };
  });

const authenticationHeaders = fc
  .array(
    fc.oneof(
      domain.map((d) => ({ header: `${OUR_AUTHSERV}; dmarc=pass header.from=${d}`, trusted: true })),
      domain.map((d) => ({ header: `${OUR_AUTHSERV.toUpperCase()}; dkim=pass header.d=${d}`, trusted: true })),
      domain.map((d) => ({ header: `${OUR_AUTHSERV}; dmarc=fail header.from=${d}`, trusted: false })),
      domain.map((d) => ({ header: `mx.evil.example; dmarc=pass header.from=${d}`, trusted: false })),
      domain.map((d) => ({ header: `${OUR_AUTHSERV}.evil.example; dmarc=pass header.from=${d}`, trusted: false })),
      domain.map((d) => ({ header: `(${OUR_AUTHSERV}; dmarc=pass) evil; dmarc=pass header.from=${d}`, trusted: false })),
      shortHostileString.map((s) => ({ header: s.replace(/[\r\n]/g, ' '), trusted: false })),
    ),
    { maxLength: 3 },
  )
  .map((list) => ({ headers: list.map((h) => h.header), trusted: list.some((h) => h.trusted) }));

const attachmentName = fc.oneof(
  fc.constantFrom('po.csv', 'PO.CSV', 'order.xlsx', 'photo.png', 'noext', '../../etc/passwd.csv', 'a'.repeat(300) + '.csv', '订单.xlsx', 'x\u202egpj.csv', '.csv', ''),
  shortHostileString.map((s) => `${s}.csv`),
  shortHostileString,
);

/** Tables for mail attachments: a mail carries up to 14 of them, so mostly small ones. */
const smallTables: fc.Arbitrary<Table> = fc.record({ rows: tables.map((t) => t.rows), repeat: fc.oneof({ arbitrary: fc.constant(0), weight: 6 }, { arbitrary: fc.integer({ min: 1, max: 3000 }), weight: 1 }) });
const smallCsv = fc.tuple(csvFiles, smallTables).map(([f, table]) => ({ ...f, table }));
const smallXlsx = fc.tuple(xlsxFiles, smallTables).map(([f, table]) => ({ ...f, table }));

const attachment: fc.Arbitrary<MailAttachment> = fc.oneof(
  { arbitrary: fc.tuple(attachmentName, smallCsv, fc.boolean()).map(([filename, csv, encodedName]) => ({ filename, contentType: 'text/csv', bytes: csvBytes(csv), encodedName })), weight: 4 },
  { arbitrary: fc.tuple(attachmentName, smallXlsx, fc.boolean()).map(([filename, x, encodedName]) => ({ filename, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', bytes: xlsxBytes(x), encodedName })), weight: 3 },
  { arbitrary: fc.tuple(attachmentName, fc.constantFrom('image/png', 'application/octet-stream', 'application/pdf', 'text/plain', 'x-evil/x-evil'), fc.uint8Array({ maxLength: 2048 }), fc.boolean()).map(([filename, contentType, b, encodedName]) => ({ filename, contentType, bytes: Buffer.from(b), encodedName })), weight: 2 },
  { arbitrary: fc.tuple(attachmentName, fc.integer({ min: 1_000, max: 400_000 })).map(([filename, rows]) => ({ filename, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', bytes: xlsxBomb(rows), encodedName: false })), weight: 1 },
  { arbitrary: fc.tuple(attachmentName, fc.integer({ min: 2 * 1024 * 1024, max: 3 * 1024 * 1024 })).map(([filename, size]) => ({ filename, contentType: 'text/csv', bytes: Buffer.from(`SKU,Qty\n${'ESIM-JP-1GB-7D,1\n'.repeat(Math.ceil(size / 17))}`), encodedName: false })), weight: 1 },
);

export const mails: fc.Arbitrary<Mail> = fc
  .record({
    from: fromHeader,
    subject: fc.oneof(shortHostileString, hostileString, fc.constantFrom('Order: Japan 10GB x 50', 'Re: Quote Q-000001', 'RE: yes', '回复: 确认')),
    subjectEncoding: fc.constantFrom('raw', 'b', 'q', 'bad-charset'),
    body: fc.oneof(shortHostileString, hostileString, fc.constantFrom('yes please\n\nOn Wed, 25 Nov 2026 at 10:00, eSIM Hub <o@e.test> wrote:\n> Quote', 'Japan 10GB 15 days x 50')),
    bodyEncoding: fc.constantFrom('base64', 'quoted-printable', '8bit'),
    html: fc.boolean(),
    authentication: authenticationHeaders,
    references: fc.array(fc.oneof(fc.constant('<a@b>'), shortHostileString.map((s) => `<${s.replace(/[\r\n<>]/g, '')}@x>`)), { maxLength: 3 }),
    attachments: fc.oneof({ arbitrary: fc.array(attachment, { maxLength: 3 }), weight: 5 }, { arbitrary: fc.array(attachment, { minLength: 11, maxLength: 14 }), weight: 1 }),
  })
  .map((m) => ({ ...m, from: m.from.from, fromDomain: m.from.domain }));

const base64Lines = (bytes: Buffer) => bytes.toString('base64').replace(/.{1,76}/g, '$&\r\n');

function quotedPrintable(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  let out = '';
  let line = 0;
  for (const b of bytes) {
    const piece = (b >= 33 && b <= 126 && b !== 61) || b === 32 ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
    if (line + piece.length > 75) {
      out += '=\r\n';
      line = 0;
    }
    out += piece;
    line += piece.length;
  }
  return out;
}

function encodedSubject(subject: string, encoding: Mail['subjectEncoding']): string {
  const oneLine = subject.replace(/[\r\n]/g, ' ');
  switch (encoding) {
    case 'b': return `=?UTF-8?B?${Buffer.from(subject, 'utf8').toString('base64')}?=`;
    case 'q': return `=?UTF-8?Q?${quotedPrintable(subject).replace(/=\r\n/g, '').replace(/ /g, '_').replace(/\?/g, '=3F')}?=`;
    case 'bad-charset': return `=?x-unknown-charset?B?${Buffer.from(subject, 'utf8').toString('base64')}?=`;
    default: return Buffer.from(oneLine, 'utf8').toString('latin1');
  }
}

/** The raw message as an IMAP server would hand it over. */
export function rawMail(mail: Mail, uid: number): Buffer {
  const boundary = `----=_fuzz_${uid}`;
  const headers = [
    ...mail.authentication.headers.map((h) => `Authentication-Results: ${Buffer.from(h, 'utf8').toString('latin1')}`),
    ...(mail.from ? [`From: ${Buffer.from(mail.from, 'utf8').toString('latin1')}`] : []),
    'To: orders@esimhub.example',
    `Subject: ${encodedSubject(mail.subject, mail.subjectEncoding)}`,
    `Message-ID: <fuzz-${uid}@${mail.fromDomain}>`,
    'Date: Wed, 25 Nov 2026 10:00:00 +0000',
    ...(mail.references.length ? [`References: ${mail.references.join(' ')}`, `In-Reply-To: ${mail.references[0]}`] : []),
    'MIME-Version: 1.0',
  ];
  const textPart = (body: string) => {
    const type = mail.html ? 'text/html' : 'text/plain';
    const content = mail.html ? `<html><body><p>${body}</p></body></html>` : body;
    const encoded = mail.bodyEncoding === 'base64' ? base64Lines(Buffer.from(content, 'utf8')) : mail.bodyEncoding === 'quoted-printable' ? quotedPrintable(content) : Buffer.from(content, 'utf8').toString('latin1');
    return [`Content-Type: ${type}; charset=utf-8`, `Content-Transfer-Encoding: ${mail.bodyEncoding}`, '', encoded].join('\r\n');
  };
  if (mail.attachments.length === 0) return Buffer.from([...headers, textPart(mail.body)].join('\r\n'), 'latin1');
  const parts = [textPart(mail.body)];
  for (const a of mail.attachments) {
    const name = a.encodedName ? `filename*=UTF-8''${[...Buffer.from(a.filename, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')}` : `filename="${Buffer.from(a.filename.replace(/["\\\r\n]/g, ''), 'utf8').toString('latin1')}"`;
    parts.push([`Content-Type: ${a.contentType}`, `Content-Disposition: attachment; ${name}`, 'Content-Transfer-Encoding: base64', '', base64Lines(a.bytes)].join('\r\n'));
  }
  const body = [`Content-Type: multipart/mixed; boundary="${boundary}"`, '', ...parts.map((p) => `--${boundary}\r\n${p}`), `--${boundary}--`, ''].join('\r\n');
  return Buffer.from([...headers, body].join('\r\n'), 'latin1');
}
