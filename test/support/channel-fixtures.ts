import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ChannelName } from '../../channels/port';
import type { WechatRaw } from '../../channels/wechat/parse';
import type { WhatsAppRaw } from '../../channels/whatsapp/parse';

// The recorded raw payloads of test/fixtures/<channel>/, as each adapter's parse takes them.

const root = path.join(__dirname, '..', 'fixtures');

/** Every fixture file of a channel, by name without its extension. */
export function fixtureNames(channel: ChannelName): string[] {
  return readdirSync(path.join(root, channel))
    .filter((f) => !f.startsWith('.'))
    .map((f) => f.replace(/\.(json|eml)$/, ''))
    .sort();
}

function json(channel: string, name: string): unknown {
  return JSON.parse(readFileSync(path.join(root, channel, `${name}.json`), 'utf8'));
}

export function whatsappFixture(name: string): WhatsAppRaw {
  return json('whatsapp', name) as WhatsAppRaw;
}

/** JSON keeps a fetched file as base64; parse takes its bytes. */
export function wechatFixture(name: string): WechatRaw {
  const raw = json('wechat', name) as WechatRaw & { file: { name: string; mediaType?: string; base64: string } | null };
  return { ...raw, file: raw.file ? { name: raw.file.name, mediaType: raw.file.mediaType, bytes: Buffer.from(raw.file.base64, 'base64') } : null };
}

export function emailFixture(name: string): Buffer {
  return readFileSync(path.join(root, 'email', `${name}.eml`));
}

export function webFixture(name: string): unknown {
  return json('web', name);
}
