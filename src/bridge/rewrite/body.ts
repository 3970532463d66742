// Which response bodies are rewritten, and how. Only XML (descriptions, SCPDs,
// SOAP responses with DIDL-Lite) up to a size cap: media and anything bigger
// stream through untouched. Pure.
import { rewriteAbsoluteUrls } from './absolute-urls.js';
import { AuthorityMemo, rewriteAbsoluteUrlsInBuffer } from './absolute-urls-buffer.js';
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

/** Piece size for rewriting big answers: strings this small die young (cheap to collect). */
export const REWRITE_PIECE_BYTES = 64 * 1024;
/** A description announces itself (namespace, <root>) within this many bytes. */
const HEAD_BYTES = 16 * 1024;
const LT = 0x3c; // '<'
const AMP = 0x26; // '&' (every tag in escaped DIDL-Lite starts with "&lt;")

export interface RewrittenBody {
  /** The body to send, in order. */
  pieces: Buffer[];
  length: number;
  rewrites: number;
  description: boolean;
}

/**
 * Rewrites an XML body as it arrives, into the pieces to send. A device
 * description is rewritten whole at the end (its root-relative rules look at
 * elements). Anything else (a Browse answer can be megabytes) is rewritten a
 * piece at a time as soon as a piece is complete, cut just before a '<' or
 * '&': neither can occur in "http://authority", the only part of a URL the
 * rewrite looks at, and a rewrite never looks past such a character, so the
 * pieces come out exactly as the whole would. Memory: the output plus one
 * piece of input, not the three or four copies of the whole that joining
 * chunks, turning them into one string and back takes.
 */
export class XmlBodyRewriter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private mode: 'deciding' | 'description' | 'pieces' = 'deciding';
  private readonly pieces: Buffer[] = [];
  private outBytes = 0;
  private rewrites = 0;
  /** A Browse answer names the same few authorities thousands of times: each is judged once. */
  private readonly memo = new AuthorityMemo();
  /** Pending bytes at which to try the next cut: doubles while none is found, so input without one costs linear time. */
  private nextCutAt: number;

  constructor(
    private readonly ctx: RewriteContext,
    private readonly pieceBytes = REWRITE_PIECE_BYTES,
  ) {
    this.nextCutAt = pieceBytes;
  }

  /** Bytes held now: output so far plus input not yet rewritten. */
  get heldBytes(): number {
    return this.outBytes + this.pendingBytes;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.mode === 'deciding' && this.pendingBytes >= HEAD_BYTES) this.decide();
    if (this.mode === 'pieces' && this.pendingBytes >= this.nextCutAt) this.flush(false);
  }

  end(): RewrittenBody {
    if (this.mode === 'deciding') this.decide();
    if (this.mode === 'description') {
      const body = this.take();
      const result = rewriteDescription(body.toString('latin1'), this.ctx);
      const out = result.rewrites > 0 ? Buffer.from(result.text, 'latin1') : body;
      return { pieces: [out], length: out.length, rewrites: result.rewrites, description: true };
    }
    this.flush(true);
    return { pieces: this.pieces, length: this.outBytes, rewrites: this.rewrites, description: false };
  }

  /**
   * Gives up rewriting (the body outgrew the cap): what is held, in order (the
   * pieces rewritten so far, then input not rewritten yet), for the caller to
   * send before streaming the rest as it comes.
   */
  abandon(): Buffer[] {
    const held = [...this.pieces, ...this.pending];
    this.pieces.length = 0;
    this.pending = [];
    this.outBytes = 0;
    this.pendingBytes = 0;
    return held;
  }

  private decide(): void {
    const head = this.take();
    this.pending = [head];
    this.pendingBytes = head.length;
    this.mode = looksLikeDeviceDescription(head.subarray(0, HEAD_BYTES).toString('latin1')) ? 'description' : 'pieces';
  }

  /** All pending input as one buffer (pending is left empty). */
  private take(): Buffer {
    const all = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    return all;
  }

  /** Rewrites pending input up to its last '<' or '&' (all of it when `final`); keeps the rest pending. */
  private flush(final: boolean): void {
    if (this.pendingBytes === 0) return;
    const data = this.take();
    let cut = data.length;
    if (!final) {
      // The last '<' or '&' (one at index 0 is no cut: the piece would be empty).
      cut = Math.max(data.lastIndexOf(LT), data.lastIndexOf(AMP));
      if (cut <= 0) {
        // No cut point yet (or only at the very start): wait for more.
        this.pending = [data];
        this.pendingBytes = data.length;
        this.nextCutAt = 2 * data.length;
        return;
      }
    }
    this.nextCutAt = this.pieceBytes;
    const piece = data.subarray(0, cut);
    // On the bytes (no string made and encoded back): equal to rewriteAbsoluteUrls on the latin1 text.
    const result = rewriteAbsoluteUrlsInBuffer(piece, this.ctx, this.memo);
    const out = result.body;
    this.pieces.push(out);
    this.outBytes += out.length;
    this.rewrites += result.rewrites;
    if (cut < data.length) {
      this.pending = [data.subarray(cut)];
      this.pendingBytes = data.length - cut;
    }
  }
}

/** One XML body, whole, through XmlBodyRewriter. */
export function rewriteXmlBuffer(body: Buffer, ctx: RewriteContext, pieceBytes = REWRITE_PIECE_BYTES): RewrittenBody {
  const rewriter = new XmlBodyRewriter(ctx, pieceBytes);
  for (let start = 0; start < body.length; start += pieceBytes) rewriter.push(body.subarray(start, start + pieceBytes));
  return rewriter.end();
}
