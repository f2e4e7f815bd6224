// What the bot says when a reseller asks about its commission (issue 15), in its language: the
// latest payouts with their status, or why there is none.

export interface PayoutLine {
  month: string;
  amount: string;
  status: 'pending' | 'approved' | 'paid';
  transferReference: string | null;
}

const STATUS = {
  en: { pending: 'being checked', approved: 'approved, to be transferred', paid: 'paid' },
  zh: { pending: '审核中', approved: '已批准，待转账', paid: '已支付' },
  es: { pending: 'en revisión', approved: 'aprobada, pendiente de transferencia', paid: 'pagada' },
  pt: { pending: 'em verificação', approved: 'aprovada, a transferir', paid: 'paga' },
} as const;

type Lang = keyof typeof STATUS;
const lang = (language: string | null | undefined): Lang => (language && language in STATUS ? (language as Lang) : 'en');

export function commissionReply(language: string | null | undefined, isCommissionReseller: boolean, payouts: readonly PayoutLine[]): string {
  const l = lang(language);
  if (!isCommissionReseller) {
    return {
      en: 'Your account buys at its own prices and earns its margin on resale, so there is no commission on it. Ask me for your balance or your statement instead.',
      zh: '您的账户按自己的价格采购、通过转售赚取差价，因此没有佣金。您可以问我余额或对账单。',
      es: 'Su cuenta compra a sus propios precios y gana su margen al revender, así que no tiene comisión. Puede preguntarme por su saldo o su estado de cuenta.',
      pt: 'A sua conta compra aos seus próprios preços e ganha a margem na revenda, por isso não tem comissão. Pode perguntar-me o saldo ou o extrato.',
    }[l];
  }
  if (payouts.length === 0) {
    return {
      en: 'No commission has been calculated yet: it is worked out on the 1st of each month for the month before.',
      zh: '目前还没有计算佣金：每月1日计算上个月的佣金。',
      es: 'Todavía no se ha calculado ninguna comisión: se calcula el día 1 de cada mes para el mes anterior.',
      pt: 'Ainda não foi calculada nenhuma comissão: é calculada no dia 1 de cada mês para o mês anterior.',
    }[l];
  }
  const head = { en: 'Your commission:', zh: '您的佣金：', es: 'Su comisión:', pt: 'A sua comissão:' }[l];
  const ref = { en: 'transfer', zh: '转账', es: 'transferencia', pt: 'transferência' }[l];
  return [head, ...payouts.map((p) => `${p.month}: ${p.amount}, ${STATUS[l][p.status]}${p.transferReference ? ` (${ref} ${p.transferReference})` : ''}`)].join('\n');
}
