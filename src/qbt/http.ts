// One bounded HTTP exchange with qBittorrent: a deadline for the whole request
// (body included) and a cap on the body size, so a hung or hostile server
// cannot stall or flood the CLI. Network failures become one clear CliError.
import { CliError, EXIT_ERROR } from '../cli/exit-codes.js';

export interface QbtHttpResponse {
  status: number;
  body: string;
  setCookies: string[];
}

export interface QbtHttpRequest {
  method: 'GET' | 'POST';
  url: URL;
  headers: Record<string, string>;
  form?: URLSearchParams;
  timeoutMs: number;
  maxBytes: number;
}

export async function qbtHttp(req: QbtHttpRequest): Promise<QbtHttpResponse> {
  const where = `${req.url.origin}${req.url.pathname}`;
  const signal = AbortSignal.timeout(req.timeoutMs);
  let res: Response;
  try {
    res = await fetch(req.url, {
      method: req.method,
      headers: req.form ? { ...req.headers, 'content-type': 'application/x-www-form-urlencoded' } : req.headers,
      body: req.form?.toString(),
      redirect: 'manual',
      signal,
    });
  } catch (err) {
    throw new CliError(`cannot reach qBittorrent at ${req.url.origin}: ${describeFetchError(err, req.timeoutMs)}`, EXIT_ERROR);
  }
  try {
    const body = await readCapped(res, req.maxBytes, where);
    return { status: res.status, body, setCookies: res.headers.getSetCookie() };
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`qBittorrent at ${req.url.origin} broke off its answer to ${req.url.pathname}: ${describeFetchError(err, req.timeoutMs)}`, EXIT_ERROR);
  }
}

async function readCapped(res: Response, maxBytes: number, where: string): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new CliError(`${where}: answer exceeds ${maxBytes} bytes; is this really qBittorrent's WebUI?`, EXIT_ERROR);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describeFetchError(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return `no answer within ${timeoutMs} ms`;
  }
  const cause = err instanceof Error ? (err as Error & { cause?: unknown }).cause : undefined;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ECONNREFUSED') return 'connection refused (is qBittorrent running, and is this its WebUI port?)';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `host name not found (${cause.message})`;
    if (code === 'ECONNRESET') return 'connection reset (an https:// WebUI reached over http://?)';
    return code ? `${code}: ${cause.message}` : cause.message;
  }
  return err instanceof Error ? err.message : String(err);
}
