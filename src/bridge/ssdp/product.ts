// The SERVER / USER-AGENT product string, "OS/version UPnP/1.1 product/version"
// (UDA 1.1 §1.2.2). It doubles as our marker: a packet carrying it is our own.
import os from 'node:os';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { version } = require('../../../package.json') as { version: string };

export const PRODUCT_TOKEN = 'dlna-bridge';
export const PRODUCT_VERSION = version;

/** Tokens may not contain spaces or "/" beyond the one separator. */
function token(text: string): string {
  return text.replace(/[\s/]+/g, '-') || 'unknown';
}

export function productString(osName = os.type(), osRelease = os.release(), productVersion = version): string {
  return `${token(osName)}/${token(osRelease)} UPnP/1.1 ${PRODUCT_TOKEN}/${token(productVersion)}`;
}

/** True when a SERVER or USER-AGENT header names this product. */
export function isOurProduct(header: string | undefined): boolean {
  return header !== undefined && header.includes(` ${PRODUCT_TOKEN}/`);
}
