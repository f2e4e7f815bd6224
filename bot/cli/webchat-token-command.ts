import { createHash, randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { migrateDatabase } from '../db/prepare';
import { UsageError, type Command } from './command-line';
import { openCommandDatabase } from './open-database';

const USAGE = `Usage: esim-hub webchat-token ADDRESS
  Issues a web-chat access token for a reseller contact (outside demo mode web chat needs one).
  ADDRESS is the contact's phone number, email or WeChat id, as in its channel identity. Only the
  token's hash is stored: it is printed once, on standard output.`;

/**
 * `esim-hub webchat-token ADDRESS`: issues a web-chat access token for a reseller contact (outside
 * demo mode web chat needs one). Only its hash is stored; the token is printed once.
 */
async function webchatTokenCommand(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const address = positionals[0]?.trim();
  if (!address || positionals.length > 1) {
    throw new UsageError(address ? `webchat-token takes one address (got ${positionals.length})` : "webchat-token needs the contact's address: esim-hub webchat-token ADDRESS (phone number, email or WeChat id)");
  }
  const config = loadConfig();
  const db = await openCommandDatabase(config);
  try {
    await migrateDatabase(db);
    const identity = await db.prisma.channelIdentity.findFirst({ where: { address: address.includes('@') ? address.toLowerCase() : address, active: true } });
    if (!identity) {
      process.stderr.write(`No active contact with the address ${address}. Check the address, or approve the reseller first.\n`);
      return 1;
    }
    const token = randomBytes(24).toString('base64url');
    await db.prisma.webchatAccessToken.create({
      data: { customerId: identity.customerId, channelIdentityId: identity.id, tokenHash: createHash('sha256').update(token).digest('hex') },
    });
    process.stdout.write(`${token}\n`);
    process.stderr.write(`Web-chat token for ${identity.address} (${identity.customerId}, ${identity.role}). It is shown only once.\n`);
    return 0;
  } finally {
    await db.close();
  }
}

export const command: Command = { usage: USAGE, run: webchatTokenCommand };
