import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { isIsoDate, type IsoDate } from '../dates';
import { CURRENCY_EXPONENTS, parseDecimalToMinor } from '../money';
import { BankFileError, derivedEntryKey, numberRepeatedKeys, referenceKey, type BankEntry } from './bank-entry';

// ISO 20022 camt.053 (bank-to-customer statement), any version from 001.02 to 001.13: elements are
// matched by local name, so the namespace does not matter; the shapes that moved between versions
// are read both ways (Sts as text up to .06 and Sts/Cd from .07; Dbtr/Nm up to .07 and Dbtr/Pty/Nm
// from .08; a transaction's amount in TxDtls/Amt or, in .02, TxDtls/AmtDtls/TxAmt/Amt). A batch
// entry (several TxDtls, each with its own amount) becomes one BankEntry per transaction.

const REPEATED = new Set(['Stmt', 'Ntry', 'NtryDtls', 'TxDtls', 'Ustrd', 'Strd', 'CdtrRefInf', 'Bal']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (name) => REPEATED.has(name),
});

type Node = Record<string, unknown>;

function node(value: unknown): Node | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Node) : undefined;
}

function list(value: unknown): Node[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => node(v) ?? { '#text': v });
}

/** The text at a path of local names; '' when absent. */
function text(from: unknown, ...path: string[]): string {
  let current: unknown = from;
  for (const name of path) {
    const here = Array.isArray(current) ? current[0] : current;
    current = node(here)?.[name];
    if (current === undefined) return '';
  }
  const leaf = Array.isArray(current) ? current[0] : current;
  if (typeof leaf === 'string' || typeof leaf === 'number') return String(leaf).trim();
  const inner = node(leaf)?.['#text'];
  return inner === undefined ? '' : String(inner).trim();
}

function date(from: unknown, element: string, where: string): IsoDate | null {
  const day = text(from, element, 'Dt');
  if (day) {
    if (!isIsoDate(day)) throw new BankFileError(`${where} ${element}/Dt`, `not a date: ${JSON.stringify(day)}`);
    return day;
  }
  const instant = text(from, element, 'DtTm');
  if (!instant) return null;
  const parsed = new Date(instant);
  if (Number.isNaN(parsed.getTime())) throw new BankFileError(`${where} ${element}/DtTm`, `not a date-time: ${JSON.stringify(instant)}`);
  return parsed.toISOString().slice(0, 10);
}

function amount(holder: unknown, where: string): { amountMinor: number; currency: string } | null {
  const element = Array.isArray(holder) ? holder[0] : holder;
  if (element === undefined) return null;
  const currency = (node(element)?.['@Ccy'] as string | undefined)?.trim().toUpperCase() ?? '';
  const value = text(element);
  if (!currency) throw new BankFileError(where, 'the amount has no Ccy attribute');
  if (CURRENCY_EXPONENTS[currency] === undefined) throw new BankFileError(where, `currency ${currency} is not one we keep accounts in`);
  try {
    const minor = parseDecimalToMinor(value, currency);
    if (minor < 0) throw new Error('negative');
    return { amountMinor: minor, currency };
  } catch {
    throw new BankFileError(where, `not an amount: ${JSON.stringify(value)}`);
  }
}

function remittanceOf(tx: unknown): string {
  const rmt = node(Array.isArray(tx) ? tx[0] : tx)?.RmtInf;
  const lines: string[] = [];
  for (const r of list(rmt)) {
    for (const u of list(r.Ustrd)) lines.push(text(u));
    for (const s of list(r.Strd)) {
      for (const c of list(s.CdtrRefInf)) lines.push(text(c, 'Ref'));
      const additional = text(s, 'AddtlRmtInf');
      if (additional) lines.push(additional);
    }
  }
  return lines.filter(Boolean).join('\n');
}

function party(tx: Node, role: 'Dbtr' | 'Cdtr'): { name: string | null; account: string | null } {
  const parties = node(tx.RltdPties);
  const who = node(parties?.[role]);
  const name = text(who, 'Nm') || text(who, 'Pty', 'Nm');
  const acct = node(parties?.[`${role}Acct`]);
  const account = text(acct, 'Id', 'IBAN') || text(acct, 'Id', 'Othr', 'Id');
  return { name: name || null, account: account ? account.replace(/\s+/g, '').toUpperCase() : null };
}

/** True when the text is a camt.053 document (by its root elements, whatever the namespace). */
export function looksLikeCamt053(content: string): boolean {
  return /<(?:\w+:)?BkToCstmrStmt[\s>]/.test(content.slice(0, 5000));
}

/** Every entry of every statement in the file; throws BankFileError naming the element that is wrong. */
export function parseCamt053(xml: string): BankEntry[] {
  // Bank statements never declare entities; one that does may be an entity-expansion bomb.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new BankFileError('DOCTYPE', 'a statement with a DOCTYPE or ENTITY declaration is refused');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new BankFileError(`line ${valid.err.line}, column ${valid.err.col}`, `not well-formed XML: ${valid.err.msg}`);
  const document = node(node(parser.parse(xml))?.Document);
  const root = node(document?.BkToCstmrStmt);
  if (!root) throw new BankFileError('Document', 'no BkToCstmrStmt element: this is not a camt.053 statement');
  const statements = list(root.Stmt);
  if (statements.length === 0) throw new BankFileError('BkToCstmrStmt', 'no Stmt element');
  const entries: BankEntry[] = [];
  statements.forEach((stmt, s) => {
    const account = (text(stmt, 'Acct', 'Id', 'IBAN') || text(stmt, 'Acct', 'Id', 'Othr', 'Id')).replace(/\s+/g, '').toUpperCase() || null;
    list(stmt.Ntry).forEach((ntry, n) => {
      const where = `Stmt ${s + 1}, Ntry ${n + 1}`;
      const total = amount(ntry.Amt, `${where} Amt`);
      if (!total) throw new BankFileError(where, 'the entry has no Amt');
      const indicator = text(ntry, 'CdtDbtInd');
      if (indicator !== 'CRDT' && indicator !== 'DBIT') throw new BankFileError(`${where} CdtDbtInd`, `expected CRDT or DBIT, got ${JSON.stringify(indicator)}`);
      const statusCode = (text(ntry, 'Sts', 'Cd') || text(ntry, 'Sts')).toUpperCase();
      const status = statusCode === 'BOOK' ? 'booked' : statusCode === 'PDNG' ? 'pending' : 'info';
      const reversal = text(ntry, 'RvslInd').toLowerCase() === 'true';
      const bookingDate = date(ntry, 'BookgDt', where);
      const valueDate = date(ntry, 'ValDt', where) ?? bookingDate;
      const entryRef = text(ntry, 'AcctSvcrRef') || text(ntry, 'NtryRef');
      const txs = list(ntry.NtryDtls).flatMap((d) => list(d.TxDtls));
      const perTx = txs.length > 1 && txs.every((tx) => tx.Amt !== undefined || node(node(tx.AmtDtls)?.TxAmt)?.Amt !== undefined);
      const parts = perTx ? txs : [txs[0] ?? {}];
      parts.forEach((tx, t) => {
        const at = perTx ? `${where}, TxDtls ${t + 1}` : where;
        const money = perTx ? (amount(tx.Amt, `${at} Amt`) ?? amount(node(node(tx.AmtDtls)?.TxAmt)?.Amt, `${at} AmtDtls/TxAmt/Amt`))! : total;
        // The payer of a credit is the debtor; of a reversed debit, the creditor we paid.
        const payer = party(tx, indicator === 'CRDT' ? 'Dbtr' : 'Cdtr');
        const remittance = remittanceOf(tx) || text(ntry, 'AddtlNtryInf');
        const txRef = text(tx, 'Refs', 'AcctSvcrRef');
        const endToEndId = text(tx, 'Refs', 'EndToEndId');
        const reference = perTx ? (txRef && txRef !== entryRef ? txRef : entryRef ? `${entryRef}#${t + 1}` : '') : entryRef || txRef;
        entries.push({
          key: reference ? referenceKey(account, reference) : derivedEntryKey({ account, date: bookingDate, amountMinor: money.amountMinor, currency: money.currency, remittance, payerName: payer.name, payerAccount: payer.account }),
          account,
          direction: indicator === 'CRDT' ? 'credit' : 'debit',
          reversal,
          status,
          bookingDate,
          valueDate,
          amountMinor: money.amountMinor,
          currency: money.currency,
          payerName: payer.name,
          payerAccount: payer.account,
          remittance,
          bankReference: reference || null,
          endToEndId: endToEndId && endToEndId !== 'NOTPROVIDED' ? endToEndId : null,
          location: at,
        });
      });
    });
  });
  return numberRepeatedKeys(entries);
}
