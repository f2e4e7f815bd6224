import { createHash, randomBytes } from 'node:crypto';
import { loadConfig } from '../config';
import { migrateDatabase, openConfiguredDatabase } from '../db/prepare';

/**
 * `esim-hub webchat-token ADDRESS`: issues a web-chat access token for a reseller contact (outside
 * demo mode web chat needs one). Only its hash is stored; the token is printed once.
 */
export async function webchatTokenCommand(args: string[]): Promise<number> {
  const address = args[0]?.trim();
  if (!address) {
    process.stderr.write('Usage: esim-hub webchat-token ADDRESS   (the contact\'s phone number, email or WeChat id, as in channel identities)\n');
    return 2;
  }
  const config = loadConfig();
  const db = await openConfiguredDatabase(config, 1);
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
