// What went wrong in a client-node call, in the words `stack apply` and
// `stack doctor` print: the API server's Status message, its HTTP code, and
// whether the connection itself failed (then every later call would too).

/** A short reason from a client-node error: the API server's Status message when there is one. */
export function apiErrorMessage(err: unknown): string {
  const e = err as { code?: number; body?: unknown; message?: string };
  let body = e.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      /* plain text body */
    }
  }
  const statusMessage = body && typeof body === 'object' ? (body as { message?: unknown }).message : undefined;
  if (typeof e.code === 'number')
    return `HTTP ${e.code}${typeof statusMessage === 'string' ? `: ${statusMessage}` : typeof body === 'string' && body ? `: ${body.slice(0, 200)}` : ''}`;
  return e.message ?? String(err);
}

/** HTTP status of a client-node error, if it has one. */
export function apiErrorCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown; statusCode?: unknown }).code ?? (err as { statusCode?: unknown }).statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** An error from a request that never got an HTTP answer (refused, reset, TLS, DNS): every later request would fail the same way. */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: unknown; type?: unknown; cause?: { code?: unknown } } | null;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'number') return false;
  return typeof e.code === 'string' || e.type === 'system' || typeof e.cause?.code === 'string';
}
