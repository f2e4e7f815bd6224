import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** What a QR code PNG says, read back with jsQR (null when it cannot be read). */
export function decodeQr(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null;
}
