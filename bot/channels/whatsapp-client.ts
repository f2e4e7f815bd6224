import path from 'node:path';
import type { MediaFactory, WhatsAppClient } from '../../channels/whatsapp/adapter';
import type { Config } from '../config';

// whatsapp-web.js (and puppeteer under it) is loaded only when WhatsApp is switched on.

const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];

export function whatsAppClientFactory(config: Config): { createClient: () => WhatsAppClient; createMedia: MediaFactory } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const wweb = require('whatsapp-web.js') as typeof import('whatsapp-web.js');
  const dataPath = config.WHATSAPP_SESSION_DIR ?? path.join(config.dataDir, 'whatsapp');
  return {
    createClient: () =>
      new wweb.Client({
        authStrategy: new wweb.LocalAuth({ dataPath }),
        puppeteer: { executablePath: config.PUPPETEER_EXECUTABLE_PATH, headless: true, args: CHROMIUM_FLAGS },
      }),
    createMedia: (mimeType, base64, filename) => new wweb.MessageMedia(mimeType, base64, filename),
  };
}
