import type { QRCodeToDataURLOptions } from 'qrcode';

/** The QR codes the Connect pages show (authenticator app, Visma Authenticator device enrolment): a PNG data URL. */
const QR_OPTIONS: QRCodeToDataURLOptions = { errorCorrectionLevel: 'M', margin: 2, width: 240 };

/** qrcode (and pngjs) load with the first QR code shown, not at start (issue 17: cold start). */
export async function qrCodeDataUrl(text: string): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toDataURL(text, QR_OPTIONS);
}
