import { addMonths, type IsoDate } from '../dates';
import { checkOverrideProposal } from './price-setting';
import { formatMinorAsDecimal } from '../money';

// A customer-specific price as staff propose it (issue 15): the rules every price has (a positive
// amount, not below supplier cost, a written reason, an end date), and two more for a proposal:
// not above the reseller's tier price at quantity 1 (a "special price" that costs the reseller more
// is a mistake), and an end at most 12 months ahead and not in the past (prices are reviewed).

export const PROPOSAL_MAX_MONTHS = 12;

export interface PriceProposal {
  unitPriceMinor: number;
  supplierCostMinor: number;
  /** The reseller's tier price for the SKU at quantity 1; null when the SKU has none for the tier. */
  tierPriceAtOneMinor: number | null;
  reason: string;
  validFrom: IsoDate;
  validTo: IsoDate | null;
  today: IsoDate;
}

export type ProposalCheck = { ok: true } | { ok: false; message: string };

const usd = (minor: number) => `${formatMinorAsDecimal(minor, 'USD')} USD`;

export function checkPriceProposal(p: PriceProposal): ProposalCheck {
  const basic = checkOverrideProposal(p);
  if (!basic.ok) return { ok: false, message: basic.message };
  if (p.tierPriceAtOneMinor === null) return { ok: false, message: 'the reseller\'s tier has no price for this SKU: set a tier price first' };
  if (p.unitPriceMinor > p.tierPriceAtOneMinor) return { ok: false, message: `the unit price ${usd(p.unitPriceMinor)} is above the reseller's tier price at quantity 1 (${usd(p.tierPriceAtOneMinor)})` };
  const latest = addMonths(p.today, PROPOSAL_MAX_MONTHS);
  if (p.validTo! > latest) return { ok: false, message: `valid_to ${p.validTo} is more than ${PROPOSAL_MAX_MONTHS} months ahead (at most ${latest})` };
  if (p.validTo! < p.today) return { ok: false, message: `valid_to ${p.validTo} is in the past` };
  return { ok: true };
}
