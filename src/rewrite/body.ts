// Which response bodies are rewritten, and how. Only XML (descriptions, SCPDs,
// SOAP responses with DIDL-Lite) up to a size cap: media and anything bigger
// stream through untouched. Pure.
import { rewriteAbsoluteUrls } from './absolute-urls.js';
import { looksLikeDeviceDescription, rewriteDescription } from './description.js';
import type { RewriteContext, RewriteResult } from './context.js';

/** A Browse of a few thousand items is a few MiB; nothing legitimate and rewritable is bigger. */
export const DEFAULT_MAX_REWRITE_BYTES = 8 * 1024 * 1024;

/** text/xml, application/xml, application/soap+xml, any +xml type; parameters ignored. */
export function isRewritableContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return type === 'text/xml' || type === 'application/xml' || type.endsWith('+xml');
}

/**
 * Rewrites one XML body. The text is handled as latin1 by the caller
 * (Buffer <-> string byte for byte), so any charset the upstream used survives
 * untouched; URLs are ASCII either way.
 */
export function rewriteXmlBody(text: string, ctx: RewriteContext): RewriteResult & { description: boolean } {
  if (looksLikeDeviceDescription(text)) return { ...rewriteDescription(text, ctx), description: true };
  return { ...rewriteAbsoluteUrls(text, ctx), description: false };
}
