import { fitToChannel } from '../../channels/fit-message';
import type { ChannelCapabilities, OutboundMessage } from '../../channels/port';

// A delivery (QR images, the CSV of eSIMs) as each kind of channel can carry it.

const delivery: OutboundMessage = {
  text: 'Here are your 2 eSIMs (ORD-000042).',
  attachments: [
    { kind: 'image', filename: '8988211000000000001.png', mimeType: 'image/png', url: '/qr/tok1.png', caption: 'ICCID 8988211000000000001' },
    { kind: 'file', filename: 'ORD-000042-esims.csv', mimeType: 'text/csv', url: '/orders/tokA/esims.csv' },
  ],
};
const caps = (images: ChannelCapabilities['images'], files: boolean): ChannelCapabilities => ({ images, files, maxTextChars: 4_096 });

describe('fitToChannel', () => {
  test.each([
    ['WhatsApp (documents, files)', caps('document', true)],
    ['WeChat and email (inline images, files)', caps('inline', true)],
  ])('%s: carried as it is', (_name, capabilities) => {
    expect(fitToChannel(delivery, capabilities)).toBe(delivery);
  });

  test('images as links: the QR becomes its caption and absolute link in the text, the file stays', () => {
    expect(fitToChannel(delivery, caps('link', true), 'https://hub.esimhub.test/')).toEqual({
      text: 'Here are your 2 eSIMs (ORD-000042).\nICCID 8988211000000000001: https://hub.esimhub.test/qr/tok1.png',
      attachments: [delivery.attachments[1]],
    });
  });

  test('no files: the CSV becomes its name and link; without a base URL the link stays as stored', () => {
    expect(fitToChannel(delivery, caps('inline', false))).toEqual({
      text: 'Here are your 2 eSIMs (ORD-000042).\nORD-000042-esims.csv: /orders/tokA/esims.csv',
      attachments: [delivery.attachments[0]],
    });
  });
});
