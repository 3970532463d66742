// Why an upstream is not usable, in words a person acts on (issue 11, "the
// daemon says why"): the name does not resolve, the connection was refused,
// it timed out, it answered HTTP status N, what it serves is not a device
// description, Jellyfin answers but its DLNA plugin is missing. Each failure
// has a kind (stable, for code and tests) and a reason (the line a person
// reads, with the host or address it concerns). Pure.
import { ResolveError } from '../../net/address-url.js';
import { BoundedRequestError } from '../../net/bounded-request.js';

export type FailureKind =
  | 'dns'
  | 'refused'
  | 'timeout'
  | 'unreachable'
  | 'reset'
  | 'http_status'
  | 'not_description'
  | 'not_jellyfin'
  | 'no_dlna_plugin'
  | 'too_large'
  | 'no_endpoint'
  | 'other';

export interface UpstreamFailure {
  kind: FailureKind;
  reason: string;
}

/** A probe failure whose kind is known where it is thrown. */
export class UpstreamProbeError extends Error {
  override name = 'UpstreamProbeError';
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
  }
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA', 'EAI_ADDRFAMILY']);

/** Errno code -> kind and the words for it. */
function fromCode(code: string | undefined): { kind: FailureKind; words: string } | undefined {
  if (code === undefined) return undefined;
  if (DNS_CODES.has(code)) return { kind: 'dns', words: 'name does not resolve' };
  switch (code) {
    case 'ECONNREFUSED':
      return { kind: 'refused', words: 'connection refused' };
    case 'ETIMEDOUT':
      return { kind: 'timeout', words: 'timed out' };
    case 'EHOSTUNREACH':
    case 'EHOSTDOWN':
      return { kind: 'unreachable', words: 'host unreachable' };
    case 'ENETUNREACH':
    case 'ENETDOWN':
      return { kind: 'unreachable', words: 'network unreachable' };
    case 'ECONNRESET':
    case 'EPIPE':
      return { kind: 'reset', words: 'connection reset' };
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_INVALID_STATUS':
    case 'HPE_INVALID_VERSION':
      return { kind: 'other', words: 'not an HTTP answer' };
    default:
      return undefined;
  }
}

/** "connection refused" for ECONNREFUSED, ...; undefined for a code without words here. */
export function errnoWords(code: string | undefined): string | undefined {
  return fromCode(code)?.words;
}

/** The kind and reason of whatever a probe threw. */
export function describeProbeFailure(err: unknown): UpstreamFailure {
  if (err instanceof UpstreamProbeError) return { kind: err.kind, reason: err.message };
  if (err instanceof ResolveError) return { kind: 'dns', reason: `name does not resolve: ${err.message}` };
  if (err instanceof BoundedRequestError) {
    if (err.failure === 'timeout') return { kind: 'timeout', reason: `timed out: ${err.message}` };
    if (err.failure === 'too-large') return { kind: 'too_large', reason: `answer too large: ${err.message}` };
    const known = fromCode(err.errno);
    if (known) return { kind: known.kind, reason: `${known.words}: ${err.message}` };
    return { kind: 'other', reason: err.message };
  }
  const known = fromCode((err as NodeJS.ErrnoException | undefined)?.code);
  const message = err instanceof Error ? err.message : String(err);
  if (known) return { kind: known.kind, reason: `${known.words}: ${message}` };
  return { kind: 'other', reason: message };
}
