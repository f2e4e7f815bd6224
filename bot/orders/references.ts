import { randomBytes } from 'node:crypto';

// Quote and order references (Q-000123, ORD-000123) are made by the database from each row's id
// sequence, in the INSERT itself (bot/orders/quotes.ts, confirm-order.ts).

/** 128 random bits for URLs that carry secrets (QR images, eSIM CSVs). */
export function accessToken(): string {
  return randomBytes(16).toString('base64url');
}
