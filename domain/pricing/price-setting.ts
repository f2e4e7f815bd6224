import { isIsoDate, type IsoDate } from '../dates';

export type PriceSettingCode =
  | 'price_must_be_positive'
  | 'below_supplier_cost'
  | 'reason_required'
  | 'valid_to_required'
  | 'invalid_date'
  | 'valid_to_before_valid_from';

export type PriceSettingResult = { ok: true } | { ok: false; code: PriceSettingCode; message: string };

/** Every price we set (tier row or customer price) must cover the supplier cost: the wholesale floor. */
export function checkUnitPrice(unitPriceMinor: number, supplierCostMinor: number): PriceSettingResult {
  if (!Number.isSafeInteger(unitPriceMinor) || unitPriceMinor <= 0) {
    return { ok: false, code: 'price_must_be_positive', message: 'the unit price must be a positive amount' };
  }
  if (unitPriceMinor < supplierCostMinor) {
    return {
      ok: false,
      code: 'below_supplier_cost',
      message: `the unit price ${(unitPriceMinor / 100).toFixed(2)} USD is below the supplier cost ${(supplierCostMinor / 100).toFixed(2)} USD`,
    };
  }
  return { ok: true };
}

export interface OverrideProposal {
  unitPriceMinor: number;
  supplierCostMinor: number;
  reason: string;
  validFrom: IsoDate;
  validTo: IsoDate | null;
}

/** A customer-specific price needs a written reason and an end date (never open-ended). */
export function checkOverrideProposal(proposal: OverrideProposal): PriceSettingResult {
  const price = checkUnitPrice(proposal.unitPriceMinor, proposal.supplierCostMinor);
  if (!price.ok) return price;
  if (proposal.reason.trim().length === 0) {
    return { ok: false, code: 'reason_required', message: 'a customer-specific price needs a written reason' };
  }
  if (!proposal.validTo) {
    return { ok: false, code: 'valid_to_required', message: 'a customer-specific price needs a valid_to date' };
  }
  if (!isIsoDate(proposal.validFrom) || !isIsoDate(proposal.validTo)) {
    return { ok: false, code: 'invalid_date', message: 'dates must be YYYY-MM-DD' };
  }
  if (proposal.validTo < proposal.validFrom) {
    return { ok: false, code: 'valid_to_before_valid_from', message: 'valid_to is before valid_from' };
  }
  return { ok: true };
}
