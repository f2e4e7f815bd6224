import type PDFDocument from 'pdfkit';
import { fontRuns, type FontFace, type FontRun } from '../statements/font-runs';

// What the statement and invoice PDFs share: one line of text set in the bundled fonts (run by
// run, on one baseline), and dates written out as people read them on a document.

type Doc = InstanceType<typeof PDFDocument>;

const BODY_SIZE = 8.5;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "1 October 2026" from "2026-10-01". */
export const longDate = (isoDay: string) => `${Number(isoDay.slice(8, 10))} ${MONTHS[Number(isoDay.slice(5, 7)) - 1]} ${isoDay.slice(0, 4)}`;

/** One line of text in the bundled fonts, cut with an ellipsis to `width`; never wraps, never adds a page. */
export function put(doc: Doc, text: string, x: number, y: number, opts: { width?: number; face?: FontFace; size?: number; align?: 'left' | 'right'; color?: string } = {}): void {
  const face = opts.face ?? 'regular';
  const size = opts.size ?? BODY_SIZE;
  const widthOf = (runs: FontRun[]) => runs.reduce((w, r) => w + doc.font(r.font).fontSize(size).widthOfString(r.text), 0);
  let runs = fontRuns(text, face);
  let width = widthOf(runs);
  if (opts.width !== undefined && width > opts.width) {
    const chars = [...text];
    do {
      chars.pop();
      runs = fontRuns(`${chars.join('')}…`, face);
      width = widthOf(runs);
    } while (chars.length > 0 && width > opts.width);
  }
  let cursor = opts.align === 'right' && opts.width !== undefined ? x + opts.width - width : x;
  doc.fillColor(opts.color ?? 'black');
  // Latin, Thai and CJK fonts have different ascenders: runs share the baseline, not the top.
  const baseline = y + size * 0.95;
  for (const run of runs) {
    doc.font(run.font).fontSize(size).text(run.text, cursor, baseline, { lineBreak: false, baseline: 'alphabetic' });
    cursor += doc.widthOfString(run.text);
  }
}
