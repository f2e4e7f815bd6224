// camt.053 statements written from the ISO 20022 message structure, in the shapes banks send for
// each version: 001.02 (Sts as text, Dbtr/Nm, a transaction's amount in AmtDtls/TxAmt/Amt), 001.04
// (Sts as text, TxDtls/Amt), 001.08 and later (Sts/Cd, Dbtr/Pty/Nm). Used by tests and the bench.

export type Camt053Version = '001.02' | '001.04' | '001.06' | '001.08' | '001.10' | '001.13';

export interface CamtTransaction {
  amount?: string;
  endToEndId?: string;
  acctSvcrRef?: string;
  debtorName?: string;
  debtorIban?: string;
  creditorName?: string;
  ustrd?: string[];
  /** Structured creditor reference (RmtInf/Strd/CdtrRefInf/Ref). */
  creditorRef?: string;
}

export interface CamtEntry {
  amount: string;
  currency: string;
  direction?: 'CRDT' | 'DBIT';
  status?: 'BOOK' | 'PDNG' | 'INFO';
  reversal?: boolean;
  bookingDate: string;
  valueDate?: string;
  /** As a date-time with an offset instead of a date. */
  bookingDateTime?: string;
  acctSvcrRef?: string;
  ntryRef?: string;
  additionalInfo?: string;
  transactions?: CamtTransaction[];
}

export interface CamtStatement {
  id: string;
  iban: string;
  currency: string;
  entries: CamtEntry[];
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const minor = (v: Camt053Version) => Number(v.split('.')[1]);

function party(version: Camt053Version, role: 'Dbtr' | 'Cdtr', name: string | undefined, iban: string | undefined): string {
  let out = '';
  if (name) out += minor(version) >= 8 ? `<${role}><Pty><Nm>${escape(name)}</Nm></Pty></${role}>` : `<${role}><Nm>${escape(name)}</Nm></${role}>`;
  if (iban) out += `<${role}Acct><Id><IBAN>${iban}</IBAN></Id></${role}Acct>`;
  return out;
}

function transaction(version: Camt053Version, entry: CamtEntry, tx: CamtTransaction, withAmount: boolean): string {
  const refs = tx.endToEndId || tx.acctSvcrRef ? `<Refs>${tx.acctSvcrRef ? `<AcctSvcrRef>${tx.acctSvcrRef}</AcctSvcrRef>` : ''}<EndToEndId>${escape(tx.endToEndId ?? 'NOTPROVIDED')}</EndToEndId></Refs>` : '';
  const amount = withAmount && tx.amount
    ? minor(version) <= 2
      ? `<AmtDtls><TxAmt><Amt Ccy="${entry.currency}">${tx.amount}</Amt></TxAmt></AmtDtls>`
      : `<Amt Ccy="${entry.currency}">${tx.amount}</Amt><CdtDbtInd>${entry.direction ?? 'CRDT'}</CdtDbtInd>`
    : '';
  const parties = party(version, 'Dbtr', tx.debtorName, tx.debtorIban) + party(version, 'Cdtr', tx.creditorName, undefined);
  const rmt = tx.ustrd || tx.creditorRef
    ? `<RmtInf>${(tx.ustrd ?? []).map((u) => `<Ustrd>${escape(u)}</Ustrd>`).join('')}${tx.creditorRef ? `<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>${escape(tx.creditorRef)}</Ref></CdtrRefInf></Strd>` : ''}</RmtInf>`
    : '';
  return `<TxDtls>${refs}${amount}${parties ? `<RltdPties>${parties}</RltdPties>` : ''}${rmt}</TxDtls>`;
}

function ntry(version: Camt053Version, e: CamtEntry): string {
  const status = e.status ?? 'BOOK';
  const sts = minor(version) >= 7 ? `<Sts><Cd>${status}</Cd></Sts>` : `<Sts>${status}</Sts>`;
  const booked = e.bookingDateTime ? `<BookgDt><DtTm>${e.bookingDateTime}</DtTm></BookgDt>` : `<BookgDt><Dt>${e.bookingDate}</Dt></BookgDt>`;
  const txs = e.transactions ?? [];
  const batch = txs.length > 1 ? `<Btch><NbOfTxs>${txs.length}</NbOfTxs></Btch>` : '';
  const details = txs.length > 0 ? `<NtryDtls>${batch}${txs.map((t) => transaction(version, e, t, txs.length > 1)).join('')}</NtryDtls>` : '';
  return `<Ntry>${e.ntryRef ? `<NtryRef>${e.ntryRef}</NtryRef>` : ''}<Amt Ccy="${e.currency}">${e.amount}</Amt><CdtDbtInd>${e.direction ?? 'CRDT'}</CdtDbtInd>${e.reversal ? '<RvslInd>true</RvslInd>' : ''}${sts}${booked}<ValDt><Dt>${e.valueDate ?? e.bookingDate}</Dt></ValDt>${e.acctSvcrRef ? `<AcctSvcrRef>${e.acctSvcrRef}</AcctSvcrRef>` : ''}<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>${details}${e.additionalInfo ? `<AddtlNtryInf>${escape(e.additionalInfo)}</AddtlNtryInf>` : ''}</Ntry>`;
}

export function camt053(version: Camt053Version, statements: CamtStatement[], options: { prefix?: string } = {}): string {
  const p = options.prefix ? `${options.prefix}:` : '';
  const ns = `urn:iso:std:iso:20022:tech:xsd:camt.053.${version}`;
  const body = statements
    .map(
      (s) =>
        `<${p}Stmt><${p}Id>${s.id}</${p}Id><${p}CreDtTm>2026-11-27T06:00:00Z</${p}CreDtTm><${p}Acct><${p}Id><${p}IBAN>${s.iban}</${p}IBAN></${p}Id><${p}Ccy>${s.currency}</${p}Ccy></${p}Acct>` +
        s.entries.map((e) => (p ? ntry(version, e).replace(/<(\/?)(\w)/g, `<$1${p}$2`) : ntry(version, e))).join('') +
        `</${p}Stmt>`,
    )
    .join('');
  const open = p ? `<${p}Document xmlns:${options.prefix}="${ns}">` : `<Document xmlns="${ns}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${open}<${p}BkToCstmrStmt><${p}GrpHdr><${p}MsgId>MSG-${statements[0]?.id ?? 'X'}</${p}MsgId><${p}CreDtTm>2026-11-27T06:00:00Z</${p}CreDtTm></${p}GrpHdr>${body}</${p}BkToCstmrStmt></${p}Document>\n`;
}
