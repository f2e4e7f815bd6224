// An onboarding application's answers as fields (issue 15): the bot asks for company, legal entity,
// registration number or document, country, sales channels, estimated monthly volume and primary
// contact; resellers answer as "Label: value" lines in their language. Each recognised label fills
// its field (the last answer wins); what is not recognised stays in the free text for staff.

export interface ApplicationFields {
  companyName?: string;
  legalEntity?: string;
  registrationDocument?: string;
  country?: string;
  salesChannels?: string;
  estMonthlyVolume?: number;
  primaryContact?: string;
}

const LABELS: [keyof ApplicationFields, RegExp][] = [
  ['legalEntity', /^(legal\s*(entity|name)|registered\s*name|raz[oó]n\s*social|denomina[cç][aã]o(\s*social)?|法人|法定名称|公司全称|企业全称)$/i],
  ['companyName', /^(company(\s*name)?|business(\s*name)?|trading\s*name|empresa|nombre(\s*de\s*la\s*empresa)?|nome(\s*da\s*empresa)?|公司(名称)?|企业(名称)?|商号)$/i],
  ['registrationDocument', /^(registration(\s*(number|no\.?|document))?|reg\.?\s*no\.?|company\s*number|tax\s*(id|number)|vat(\s*number)?|nif|cif|rfc|cnpj|ruc|注册号|营业执照(号)?|统一社会信用代码|稅號|税号)$/i],
  ['country', /^(country|pa[ií]s|国家|國家|所在国家)$/i],
  ['salesChannels', /^((sales\s*)?channels?|canales(\s*de\s*venta)?|canais(\s*de\s*venda)?|销售渠道|銷售渠道|渠道)$/i],
  ['estMonthlyVolume', /^((estimated\s*)?(monthly\s*)?volume(\s*per\s*month)?|cards\s*per\s*month|volumen(\s*mensual)?(\s*estimado)?|volume(\s*mensal)?(\s*estimado)?|(预计)?月(销)?量|每月(数量|销量)?)$/i],
  ['primaryContact', /^((primary\s*)?contact(\s*person)?|contacto(\s*principal)?|contato(\s*principal)?|联系人|聯絡人)$/i],
];

/** "2,000", "about 500 cards", "约800张", "1.500" (a thousands dot) as a whole number of cards; null when none. */
export function volumeOf(text: string): number | null {
  const m = /(\d{1,3}(?:[.,\s]\d{3})+|\d{1,7})(?:\s*(k)\b)?/i.exec(text.replace(/，/g, ','));
  if (!m) return null;
  const n = Number(m[1]!.replace(/[.,\s]/g, '')) * (m[2] ? 1000 : 1);
  return Number.isSafeInteger(n) && n <= 10_000_000 ? n : null;
}

export function applicationFields(text: string): ApplicationFields {
  const fields: ApplicationFields = {};
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*[-*•]?\s*([^:：=\-–]{2,40}?)\s*[:：=\-–]\s*(.+?)\s*$/.exec(raw);
    if (!m) continue;
    const label = m[1]!.trim().replace(/\s+/g, ' ');
    const value = m[2]!.trim().slice(0, 300);
    const field = LABELS.find(([, pattern]) => pattern.test(label))?.[0];
    if (!field || !value) continue;
    if (field === 'estMonthlyVolume') {
      const n = volumeOf(value);
      if (n !== null) fields.estMonthlyVolume = n;
    } else if (field === 'country') {
      fields.country = /^[A-Za-z]{2}$/.test(value) ? value.toUpperCase() : value;
    } else {
      fields[field] = value;
    }
  }
  return fields;
}
