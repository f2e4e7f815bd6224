import { EmailAdapter } from '../../channels/email/adapter';
import type { ChannelAdapter, ChannelName, StatusListener } from '../../channels/port';
import { WhatsAppAdapter } from '../../channels/whatsapp/adapter';
import { deliveryFile } from '../delivery/files';
import { whatsAppClientFactory } from './whatsapp-client';
import { whatsAppCloudGraph, whatsAppCloudStores } from './whatsapp-cloud-wiring';
import { defaultPacing, WhatsAppCloudAdapter } from '../../channels/whatsapp-cloud/adapter';
import { templateChoice } from '../../channels/whatsapp-cloud/template-message';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { log } from '../log';
import { emailStores } from './email-stores';
import { wechatStores } from './wechat-stores';
import path from 'node:path';
import type { PuppetModuleName } from 'wechaty';

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
  const graph = whatsAppCloudGraph(config);
  if (graph) {
    channels.push(new WhatsAppCloudAdapter({
      graph,
      stores: whatsAppCloudStores(db),
      status: status('whatsapp'),
      log,
      template: config.WHATSAPP_CLOUD_TEMPLATE ? templateChoice(config.WHATSAPP_CLOUD_TEMPLATE) : null,
      linkBaseUrl: config.PUBLIC_BASE_URL,
      pacing: defaultPacing(config.WHATSAPP_CLOUD_MESSAGES_PER_SECOND),
    }));
    log.info('WhatsApp: on, through the Cloud API', { phoneNumberId: config.WHATSAPP_CLOUD_PHONE_NUMBER_ID, graph: config.WHATSAPP_CLOUD_GRAPH_URL, webhook: '/whatsapp/webhook', template: config.WHATSAPP_CLOUD_TEMPLATE ?? '(none: replies outside the 24-hour window wait, or go by email)' });
  } else if (config.WHATSAPP_ENABLED) {
    const { createClient, createMedia } = whatsAppClientFactory(config);
    channels.push(new WhatsAppAdapter({ createClient, createMedia, stores: { file: (url) => deliveryFile(db, url) }, log, status: status('whatsapp') }));
    log.info('WhatsApp: on', { chromium: config.PUPPETEER_EXECUTABLE_PATH, session: config.WHATSAPP_SESSION_DIR ?? path.join(config.dataDir, 'whatsapp') });
  } else {
    log.info('WhatsApp: off (set WHATSAPP_ENABLED=1 and link a phone, or the WHATSAPP_CLOUD_* settings for the Cloud API)');
  }
  if (config.WECHATY_PUPPET) {
    // Loaded only when WeChat is on: wechaty takes seconds to load, which every start (and every
    // restart of a process that died) would pay for nothing.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { WechatyBuilder } = require('wechaty') as typeof import('wechaty');
    const { WechatAdapter } = require('../../channels/wechat/adapter') as typeof import('../../channels/wechat/adapter');
    /* eslint-enable @typescript-eslint/no-require-imports */
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
