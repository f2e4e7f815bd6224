import { EmailAdapter } from '../../channels/email/adapter';
import type { ChannelAdapter, ChannelName, StatusListener } from '../../channels/port';
import { WhatsAppAdapter } from '../../channels/whatsapp/adapter';
import { deliveryFile } from '../delivery/files';
import { whatsAppClientFactory } from './whatsapp-client';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { log } from '../log';
import { emailStores } from './email-stores';
import { wechatStores } from './wechat-stores';
import path from 'node:path';
import { WechatyBuilder } from 'wechaty';
import type { PuppetModuleName } from 'wechaty';
import { WechatAdapter } from '../../channels/wechat/adapter';

/**
 * The channels switched on by configuration (web chat is always on; it is not an adapter here),
 * each reporting its status to `status(channel)` (the app's watchdog).
 */
export function createChannels(config: Config, db: Database, status: (channel: ChannelName) => StatusListener): ChannelAdapter[] {
  const channels: ChannelAdapter[] = [];
  if (config.IMAP_URL && config.SMTP_URL && config.EMAIL_FROM) {
    channels.push(new EmailAdapter({ imapUrl: config.IMAP_URL, smtpUrl: config.SMTP_URL, from: config.EMAIL_FROM, authservId: config.EMAIL_AUTHSERV_ID, log, status: status('email') }, emailStores(db)));
    const imap = new URL(config.IMAP_URL);
    log.info('email: on', { imap: `${imap.protocol}//${imap.host}${imap.pathname || '/INBOX'}`, from: config.EMAIL_FROM, authservId: config.EMAIL_AUTHSERV_ID ?? '(topmost Authentication-Results header)' });
  } else {
    log.info('email: off (set IMAP_URL, SMTP_URL and EMAIL_FROM to read and answer a mailbox)');
  }
  if (config.WHATSAPP_ENABLED) {
    const { createClient, createMedia } = whatsAppClientFactory(config);
    channels.push(new WhatsAppAdapter({ createClient, createMedia, stores: { file: (url) => deliveryFile(db, url) }, log, status: status('whatsapp') }));
    log.info('WhatsApp: on', { chromium: config.PUPPETEER_EXECUTABLE_PATH, session: config.WHATSAPP_SESSION_DIR ?? path.join(config.dataDir, 'whatsapp') });
  } else {
    log.info('WhatsApp: off (set WHATSAPP_ENABLED=1 and link a phone)');
  }
  if (config.WECHATY_PUPPET) {
    const wechaty = WechatyBuilder.build({
      name: path.join(config.dataDir, 'wechat'), // the login is kept in DATA_DIR/wechat.memory-card.json
      puppet: config.WECHATY_PUPPET as PuppetModuleName,
      puppetOptions: config.WECHATY_PUPPET_SERVICE_TOKEN ? { token: config.WECHATY_PUPPET_SERVICE_TOKEN } : undefined,
    });
    channels.push(new WechatAdapter(wechaty, wechatStores(db), { log, status: status('wechat') }));
    log.info('WeChat: on', { puppet: config.WECHATY_PUPPET });
  } else {
    log.info('WeChat: off (set WECHATY_PUPPET, and WECHATY_PUPPET_SERVICE_TOKEN if the puppet needs one)');
  }
  return channels;
}
