import { addMonths } from '../../domain/dates';
import { checkPriceProposal } from '../../domain/pricing/price-proposal';

// Issue 15: what a customer-specific price proposal must satisfy before an owner sees it.
const base = { unitPriceMinor: 1050, supplierCostMinor: 855, tierPriceAtOneMinor: 1177, reason: 'contract', validFrom: '2026-11-27', validTo: '2027-05-31', today: '2026-11-27' };

test('between supplier cost and the tier price at quantity 1, ending within 12 months', () => {
  expect(checkPriceProposal(base)).toEqual({ ok: true });
  expect(checkPriceProposal({ ...base, unitPriceMinor: 1177 })).toEqual({ ok: true });
  expect(checkPriceProposal({ ...base, unitPriceMinor: 855 })).toEqual({ ok: true });
  expect(checkPriceProposal({ ...base, unitPriceMinor: 1178 }).ok).toBe(false);
  expect(checkPriceProposal({ ...base, unitPriceMinor: 854 }).ok).toBe(false);
  expect(checkPriceProposal({ ...base, tierPriceAtOneMinor: null }).ok).toBe(false);
  expect(checkPriceProposal({ ...base, validTo: '2027-11-27' })).toEqual({ ok: true });
  expect(checkPriceProposal({ ...base, validTo: '2027-11-28' }).ok).toBe(false);
  expect(checkPriceProposal({ ...base, validTo: null }).ok).toBe(false);
  expect(checkPriceProposal({ ...base, validFrom: '2026-11-01', validTo: '2026-11-26' }).ok).toBe(false);
});

test('a month later keeps the day, or the last day of a shorter month', () => {
  expect(addMonths('2026-11-27', 12)).toBe('2027-11-27');
  expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
  expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
  expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
});
