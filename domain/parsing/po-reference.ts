// The reseller's own purchase-order number ("PO-2026-1187", "our ref. BLT/2026/311", "Orden de
// compra OC-1188", "订单号 HY20261203", "Pedido nº 2026-118"): kept on the quote and the order and
// printed on the quote, the invoice and the statement, so the reseller's accountant can match them.
// Our own references (ORD-, Q-, B2B-, INV-, CN-), SKUs, dates and phone numbers are never one.

const OURS = /^(?:ORD|Q|B2B|INV|CN|DEP)-?\d/i;
const SKU = /^E?SIM-/i;
const DATE = /^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})$/;

// A token that reads as a reference by itself: letters then digits, or groups joined by - or /, with a digit.
const TOKEN = /(?<![\p{Script=Latin}\p{N}\-/])(P\.?O#\d[A-Z0-9]*(?:[-/][A-Z0-9]+)*|[A-Z][A-Z0-9]{0,5}(?:[-/][A-Z0-9]+)+|[A-Z]{1,4}\d{4,}|\d{2,}(?:[-/][A-Z0-9]+)+|\d{4,})(?![\p{L}\p{N}]|[-/]\p{N})/gu;
// Words that introduce the reseller's own number, in the four languages.
const LABEL =
  /(?:\bP\.?O\.?(?:\s*(?:no\.?|nr\.?|number|n[º°o]\.?|#))?(?:\s*(?:was|is|es|é|是))?|\bpurchase\s+order(?:\s+(?:no\.?|number|#))?|\b(?:order|orden|ordem)(?:\s+de\s+compra)?\s*(?:no\.?|nr\.?|number|n[úu]mero|num\.?|#)(?:\s+(?:is|es|é))?|\bn[úu]mero\s+(?:de|do|da)\s+(?:la\s+)?(?:orden|ordem|pedido|encomenda|compra)(?:\s+de\s+compra)?(?:\s+(?:es|é))?|\bour\s+ref(?:erence)?\.?|\bref(?:erence|erencia|erência)?\.?(?:\s+(?:nuestra|nossa|interna|interno))?(?:\s+(?:é|es|is))?|\breferência\s+nossa|\bnuestra\s+referencia(?:\s+interna)?(?:\s+es)?|\bnossa\s+referência(?:\s+interna)?(?:\s+é)?|\binternal\s+ref(?:erence)?(?:\s+is)?|\b(?:orden|ordem)\s+de\s+compra|\bO\.?C\.?|\bpedido(?:\s+de\s+compra)?(?:\s+(?:interno|nosso|nuestro))?(?:\s+(?:n[º°o]\.?|nr\.?|número|es|é))?|\bencomenda(?:\s+(?:n[º°o]|nr)\.?)?|\b(?:orden|ordem)\s+interna|\binternal\s+order(?:\s+(?:no\.?|number|#))?|采购单号?|补货单号?|補貨單號?|订货单号?|訂貨單號?|订购单号?|訂購單號?|采购|采購單?號?|采购订单|採購訂單|订单号(?:是|为)?|訂單號(?:是|為)?|订单|訂單|单号|單號|编号|編號|订购)\s*[:：#]?\s*$/iu;

const ORDER_WORD = /(?<![\p{L}])(?:order|orden|pedido|encomenda)\s*[:：#]?\s*$/iu;
// "order 5521 on our side", "our order 5521", "order 5521 in our system": the reseller's own number for it.
const OURS_AFTER = /^\s*(?:on|at|from|in)\s+our\s+(?:side|end|system|books)(?![\p{L}])/iu;
const OUR_ORDER_BEFORE = /(?<![\p{L}])(?:our|my)\s+(?:own\s+|internal\s+)?order\s*[:：#]?\s*$/iu;
/** "OC 2026/00457" in a subject and "OC-2026-00457" in the body: the one written whole is the number. */
function digitsOf(token: string): string {
  return token.replace(/\D/g, '');
}
const SELF_STANDING = /(?<![\p{L}\p{N}\-/])(?:P\.?O|OC|PC|PED|ENC)[-#/]?\d[A-Z0-9]*(?:[-/][A-Z0-9]+)*(?![\p{L}\p{N}])/giu;
// "LNJ-W45", "IG-2026-05": letters, then one or more groups that hold a digit.
const CODE = /^[A-Z]{2,5}(?:[-/][A-Z0-9]*\d[A-Z0-9]*)+$/;

function acceptable(token: string): boolean {
  return !OURS.test(token) && !SKU.test(token) && !DATE.test(token) && /\d/.test(token) && token.length <= 40;
}

/** The first reference the text names for itself: a PO-style token, or a number right after a PO label. */
export function poReferenceOf(text: string): string | null {
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) {
    const token = m[1]!;
    if (!acceptable(token)) continue;
    // "PED-CHN-0233" (pedido), "ENC-2026-077" (encomenda): the order's own number by its prefix, as PO- is.
    if (/^(?:P\.?O|OC|PC|PED|ENC)[-#]?\d/i.test(token) || /^(?:PO|OC|PC|PED|ENC)[-/]/i.test(token)) return token.toUpperCase();
    const before = text.slice(Math.max(0, m.index - 40), m.index);
    if (LABEL.test(before) || OUR_ORDER_BEFORE.test(before)) {
      const whole = [...text.matchAll(SELF_STANDING)].map((w) => w[0]).find((w) => digitsOf(w) === digitsOf(token));
      return (whole ?? token).toUpperCase();
    }
    if (ORDER_WORD.test(before) && /^\d{3,}$/.test(token) && OURS_AFTER.test(text.slice(m.index + token.length, m.index + token.length + 40))) return token;
    // "Weekly order LNJ-W45": a lettered code after a bare "order" word (never a size: "JP-10GB").
    if (ORDER_WORD.test(before) && CODE.test(token) && !/\dGB|\dG\b|\dD$/i.test(token)) return token.toUpperCase();
  }
  TOKEN.lastIndex = 0;
  return null;
}
