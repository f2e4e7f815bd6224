import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { renderInvoicePdf } from '../../bot/invoices/render-pdf';
import { fontRuns } from '../../bot/statements/font-runs';
import { renderStatementPdf } from '../../bot/statements/render-pdf';
import type { InvoiceDraft } from '../../domain/invoices/invoice';
import { periodOf } from '../../domain/statements/period';
import type { Statement } from '../../domain/statements/statement';

// Traditional Chinese (Hong Kong, Taiwan, Macau), Japanese (kanji and kana) and simplified names
// outside GB2312 print on statements and invoices (assets/fonts/README.md). Read back with
// pdftotext: pdfkit maps every embedded glyph back to its character, and a character the font lacks
// is set as .notdef, which does not come back as that character, so an exact round trip proves the
// embedded CJK font had every glyph. No database: the renderers take the documents as drafts.

const exec = promisify(execFile);

const RESELLERS: { id: string; company: string; legalEntity: string; currency: string }[] = [
  { id: 'B2B-HK1', company: '香港數碼通訊有限公司', legalEntity: '香港數碼通訊有限公司（澳門分公司）', currency: 'HKD' },
  { id: 'B2B-TW1', company: '台灣旅遊電信股份有限公司', legalEntity: '臺灣旅遊電信股份有限公司 ㄅㄆㄇ', currency: 'TWD' },
  { id: 'B2B-JP1', company: '株式会社トラベルSIM', legalEntity: '㈱トラベル渋沢・ジャパン ｶﾌﾞｼｷｶﾞｲｼｬ', currency: 'JPY' },
  // Kana (full- and half-width) were in the GB2312 cut already; 渋, 沢 (Japanese forms) and ㈱ were not.
  // Simplified, but outside GB2312 (堃, 喆, 珺) and in Extension A (䶮).
  { id: 'B2B-CN9', company: '深圳堃喆珺科技有限公司', legalEntity: '广州刘䶮旅游有限公司', currency: 'CNY' },
];

async function pdfText(pdf: Buffer): Promise<string> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cjk-document-')), 'document.pdf');
  fs.writeFileSync(file, pdf);
  const { stdout } = await exec('pdftotext', ['-layout', file, '-']);
  return stdout;
}

function statementOf(r: (typeof RESELLERS)[number]): Statement {
  return {
    issuerName: 'eSIM Hub',
    customer: { id: r.id, company: r.company, legalEntity: r.legalEntity, currency: r.currency, accountType: 'postpaid' },
    period: periodOf(2026, 9),
    currency: r.currency,
    balanceMeaning: 'due',
    openingMinor: 0,
    openingUsdMinor: 0,
    lines: [{
      entryId: 1,
      occurredAt: '2026-09-10T10:00:00.000Z',
      date: '2026-09-10',
      kind: 'order',
      reference: 'ORD-900001',
      details: `10 x JP-10GB-30D ${r.company}`,
      chargeMinor: 100_00,
      creditMinor: 0,
      chargeUsdMinor: 12_80,
      creditUsdMinor: 0,
      balanceMinor: 100_00,
      balanceUsdMinor: 12_80,
    }],
    totals: { chargesMinor: 100_00, creditsMinor: 0, chargesUsdMinor: 12_80, creditsUsdMinor: 0 },
    closingMinor: 100_00,
    closingUsdMinor: 12_80,
    subResellers: null,
  };
}

function invoiceOf(r: (typeof RESELLERS)[number]): InvoiceDraft {
  return {
    issuerName: 'eSIM Hub',
    customer: { id: r.id, company: r.company, legalEntity: r.legalEntity, currency: r.currency, taxNumber: null, invoiceNote: `請註明 ${r.company}`, zeroInvoices: false },
    currency: r.currency,
    issueDate: '2026-10-01',
    dueDate: '2026-10-31',
    paymentTermsDays: 30,
    periodStart: '2026-09-01',
    periodEnd: '2026-09-30',
    lines: [{
      entryId: 1,
      orderReference: 'ORD-900001',
      date: '2026-09-10',
      kind: 'item',
      sku: 'JP-10GB-30D',
      description: 'Japan 10GB 30 days',
      quantity: 10,
      unitPriceMinor: 10_00,
      lineMinor: 100_00,
      unitPriceUsdMinor: 1_28,
      lineUsdMinor: 12_80,
    }],
    totalMinor: 100_00,
    totalUsdMinor: 12_80,
    entryIds: [1],
  };
}

describe('CJK names on the printed documents', () => {
  test.each(RESELLERS.map((r) => [r.company, r] as const))('kana and Traditional characters are set in the CJK font: %s', (_name, r) => {
    for (const text of [r.company, r.legalEntity]) {
      for (const run of fontRuns(text, 'regular')) {
        // Only the Latin letters (SIM) and the space before a run may be in another font.
        if (run.font !== 'cjk') expect(run.text).toMatch(/^[\x20-\x7e]+$/);
      }
    }
  });

  test.each(RESELLERS.map((r) => [r.company, r] as const))('a statement prints %s exactly', async (_name, r) => {
    const text = await pdfText(await renderStatementPdf(statementOf(r), { issuedAt: new Date('2026-10-01T00:05:00.000Z') }));
    expect(text).toContain(r.company);
    expect(text).toContain(r.legalEntity);
    expect(text).toContain(`Reseller ID ${r.id}`);
  });

  test.each(RESELLERS.map((r) => [r.company, r] as const))('an invoice prints %s exactly', async (_name, r) => {
    const text = await pdfText(await renderInvoicePdf(invoiceOf(r), 'INV-2026-00001', { issuedAt: new Date('2026-10-01T00:05:00.000Z') }));
    expect(text).toContain(r.company);
    expect(text).toContain(r.legalEntity);
    expect(text).toContain(`請註明 ${r.company}`);
  });
});
