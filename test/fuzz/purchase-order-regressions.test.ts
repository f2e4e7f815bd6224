import ExcelJS from 'exceljs';
import { inflatesWithin, purchaseOrderFromFile, purchaseOrderLines, XLSX_INFLATED_BYTES_MAX } from '../../channels/purchase-order';
import { INBOUND_LIMITS } from '../../domain/intake/limits';
import { xlsxBomb, xlsxBytes } from '../support/fuzz-files';

// Found by the fuzz harness (npm run fuzz). An XLSX purchase order well under the 2 MiB file limit that inflates
// to 115 MB of sheet XML (1.5 million rows; 394 KB on the wire) kept ExcelJS busy for 8-12 s and
// took the process past 1.9 GB RSS, on every channel that reads purchase orders (email, WhatsApp,
// WeChat). The workbook is now inflated with a cap before ExcelJS sees it.

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

test('a workbook that inflates past the cap is refused in a moment, without parsing it', async () => {
  const bomb = xlsxBomb(1_500_000);
  expect(bomb.length).toBeLessThan(INBOUND_LIMITS.purchaseOrderBytes);
  expect(inflatesWithin(bomb, XLSX_INFLATED_BYTES_MAX)).toBe(false);
  const rssBefore = process.memoryUsage().rss;
  const started = Date.now();
  expect(await purchaseOrderFromFile({ filename: 'po.xlsx', mimeType: XLSX, bytes: bomb })).toEqual([]);
  expect(Date.now() - started).toBeLessThan(1_500);
  expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
});

test('a real purchase order of 500 rows, written by ExcelJS, is still read', async () => {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Cover').addRow(['Purchase order PO-1']);
  const sheet = workbook.addWorksheet('Lines');
  sheet.addRow(['Product', 'Qty']);
  for (let i = 1; i <= 500; i += 1) sheet.addRow([`ESIM-JP-1GB-7D note ${'x'.repeat(100)}`, i]);
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  expect(inflatesWithin(bytes, XLSX_INFLATED_BYTES_MAX)).toBe(true);
  const lines = await purchaseOrderFromFile({ filename: 'po.xlsx', mimeType: XLSX, bytes });
  expect(lines).toHaveLength(500);
  expect(lines![499]).toMatch(/ x 500$/);
});

test('a minimal hand-written workbook (inline strings, numbers) below the cap is read as before', async () => {
  const bytes = xlsxBytes({ table: { rows: [['PO-7'], ['Product', 'Qty'], ['ESIM-JP-1GB-7D', '5'], ['Total', '5']], repeat: 0 }, numbers: true, rowNumbers: true, damage: 'none', flipAt: 0 });
  expect(await purchaseOrderFromFile({ filename: 'po.xlsx', mimeType: XLSX, bytes })).toEqual(['ESIM-JP-1GB-7D x 5']);
});

test('a zip that is not one, or is cut short, is refused without an exception', async () => {
  const whole = xlsxBomb(1000);
  for (const bytes of [Buffer.from('PK\u0003\u0004 not a zip'), whole.subarray(0, whole.length >> 1), Buffer.alloc(0)]) {
    await expect(purchaseOrderFromFile({ filename: 'po.xlsx', mimeType: XLSX, bytes })).resolves.toEqual([]);
  }
});

// Found by the fuzz harness: a quantity cell of hundreds of digits made an order line as long as
// the cell (the product name was already cut to 200 characters).
test('a quantity cell of hundreds of digits keeps the line short, and still far over any limit', () => {
  const lines = purchaseOrderLines(`SKU,Qty\nESIM-JP-1GB-7D,${'9'.repeat(5000)}\nESIM-JP-1GB-7D,20\n`);
  expect(lines).toEqual(['ESIM-JP-1GB-7D x 999999999999', 'ESIM-JP-1GB-7D x 20']);
});
