import { createHash } from 'node:crypto';
import type { SupplierPort, SupplierProfile } from './port';

// The default supplier: issues valid-looking TEST profiles at once, derived from our transaction
// id, so the same request always returns the same profiles (a retry cannot create new ones).

const SMDP = 'smdp.sandbox.esimhub.test';

function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

function digitsFrom(seed: string, length: number): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  let out = '';
  for (const char of hex) {
    out += String(parseInt(char, 16) % 10);
    if (out.length === length) break;
  }
  return out;
}

/** 89 (telecom) + 999 (test country code) + 14 digits + Luhn: 20 digits, like a real ICCID. */
export function sandboxProfile(transactionNo: string, index: number): SupplierProfile {
  const body = `89999${digitsFrom(`${transactionNo}:${index}`, 14)}`;
  const matchingId = createHash('sha256').update(`match:${transactionNo}:${index}`).digest('hex').slice(0, 20).toUpperCase();
  return { iccid: `${body}${luhnCheckDigit(body)}`, smdpAddress: SMDP, matchingId: `TEST-${matchingId}` };
}

/** Stateless: the transaction number carries the count, so profiles can be fetched after a restart. */
export function createSandboxSupplier(): SupplierPort {
  return {
    name: 'sandbox',
    issuesTestProfiles: true,
    chunkSizeMax: 30,
    async placeOrder({ transactionId, count }) {
      return { transactionNo: `SBX-${createHash('sha256').update(transactionId).digest('hex').slice(0, 16).toUpperCase()}-${count}` };
    },
    async fetchProfiles(transactionNo) {
      const count = Number(/^SBX-[0-9A-F]{16}-(\d+)$/.exec(transactionNo)?.[1]);
      if (!Number.isSafeInteger(count)) return { status: 'pending' };
      return { status: 'ready', profiles: Array.from({ length: count }, (_, i) => sandboxProfile(transactionNo, i)) };
    },
    async balance() {
      return { amountMinor: 100_000_000, currency: 'USD' };
    },
  };
}
