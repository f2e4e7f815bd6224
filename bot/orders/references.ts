import { randomBytes } from 'node:crypto';

export function quoteReference(id: number | bigint): string {
  return `Q-${String(id).padStart(6, '0')}`;
}

export function orderReference(id: number | bigint): string {
  return `ORD-${String(id).padStart(6, '0')}`;
}

/** 128 random bits for URLs that carry secrets (QR images, eSIM CSVs). */
export function accessToken(): string {
  return randomBytes(16).toString('base64url');
}
