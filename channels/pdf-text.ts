import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';

// The text of a PDF with where each piece stands on its page, read by Mozilla's PDF.js
// (pdfjs-dist) in a worker thread: a PDF is a program of sorts (content streams, fonts, filters
// that inflate), so the reading gets its own heap and a deadline, and is ended there if it runs
// over. Nothing is rendered and no script in the PDF runs (PDF.js never runs a PDF's JavaScript,
// and eval is off for fonts).

export const PDF_TEXT_LIMITS = {
  /** Pages read; a purchase order is one to a few pages, a longer document is read this far. */
  pages: 10,
  /** Text items kept in all (a row of a table is a handful of items). */
  items: 20_000,
  /** Characters kept in all. */
  chars: 400_000,
  /** Wall time for the whole reading, the worker's start and PDF.js's load (about 0.3 s) included. */
  ms: 10_000,
  /** Heap of the worker, in MB. */
  heapMb: 256,
} as const;

export type PdfTextLimits = { [K in keyof typeof PDF_TEXT_LIMITS]: number };

/**
 * One run of text: `x`, `y` in points from the top left of its page as shown (a rotated page is
 * turned upright), `y` the baseline; `width` along the line, `height` the font size.
 */
export const pdfTextItem = z.object({
  page: z.number().int().min(1),
  x: z.number().finite(),
  y: z.number().finite(),
  width: z.number().finite(),
  height: z.number().finite(),
  text: z.string(),
});
export type PdfTextItem = z.infer<typeof pdfTextItem>;

const workerAnswer = z.union([
  z.object({ ok: z.literal(true), pages: z.number().int().min(0), items: z.array(pdfTextItem) }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);

export interface PdfText {
  /** Pages the document has (at most `limits.pages` of them were read). */
  pages: number;
  items: PdfTextItem[];
}

// Plain JavaScript, run as the worker's script (eval): the worker loads PDF.js itself (an ES
// module, imported by its file URL so no resolution depends on the working directory).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { bytes, limits, pdfjsUrl, workerUrl, cMapDir, standardFontDir } = workerData;
  const pdfjs = await import(pdfjsUrl);
  pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
  const doc = await pdfjs.getDocument({
    data: bytes,
    cMapUrl: cMapDir,
    cMapPacked: true,
    standardFontDataUrl: standardFontDir,
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    enableXfa: false,
    verbosity: 0,
  }).promise;
  const items = [];
  let chars = 0;
  const pages = Math.min(doc.numPages, limits.pages);
  reading: for (let n = 1; n <= pages; n += 1) {
    const page = await doc.getPage(n);
    const viewport = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    for (const item of content.items) {
      if (typeof item.str !== 'string' || item.str.trim() === '') continue;
      const [a, b, c, d, x, y] = pdfjs.Util.transform(viewport.transform, item.transform);
      items.push({ page: n, x, y, width: Math.abs(item.width), height: Math.hypot(c, d) || Math.abs(item.height) || Math.hypot(a, b), text: item.str });
      chars += item.str.length;
      if (items.length >= limits.items || chars >= limits.chars) break reading;
    }
    page.cleanup();
  }
  parentPort.postMessage({ ok: true, pages: doc.numPages, items });
  await doc.destroy();
})().catch((error) => parentPort.postMessage({ ok: false, error: String((error && error.message) || error).slice(0, 300) }));
`;

function pdfjsFiles() {
  const pdfjs = require.resolve('pdfjs-dist/legacy/build/pdf.mjs');
  const root = path.resolve(path.dirname(pdfjs), '..', '..');
  return {
    pdfjsUrl: pathToFileURL(pdfjs).href,
    workerUrl: pathToFileURL(path.join(path.dirname(pdfjs), 'pdf.worker.mjs')).href,
    // PDF.js on Node reads these from the file system: a directory path ending in a separator.
    cMapDir: path.join(root, 'cmaps') + path.sep,
    standardFontDir: path.join(root, 'standard_fonts') + path.sep,
  };
}

/**
 * The text items of the first pages of a PDF; null when it cannot be read in time (not a PDF,
 * damaged, encrypted with a password, over the deadline or the heap). A scan has no text: no items.
 */
export async function readPdfText(bytes: Uint8Array, limits: PdfTextLimits = PDF_TEXT_LIMITS): Promise<PdfText | null> {
  let worker: Worker;
  try {
    // A copy: PDF.js takes the buffer over, and the caller's Buffer may be a slice of a shared pool.
    const data = new Uint8Array(bytes);
    worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { bytes: data, limits, ...pdfjsFiles() },
      transferList: [data.buffer],
      resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: 32 },
      stdout: true, // PDF.js's own warnings stay out of the bot's log
      stderr: true,
      env: {},
    });
    worker.stdout.resume();
    worker.stderr.resume();
  } catch {
    return null;
  }
  return new Promise<PdfText | null>((resolve) => {
    let done = false;
    const finish = (value: PdfText | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(value);
    };
    const timer = setTimeout(() => finish(null), limits.ms);
    worker.on('message', (message: unknown) => {
      const answer = workerAnswer.safeParse(message);
      finish(answer.success && answer.data.ok ? { pages: answer.data.pages, items: answer.data.items } : null);
    });
    worker.on('error', () => finish(null));
    worker.on('exit', () => finish(null));
  });
}
