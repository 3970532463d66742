// The proxy's request metrics, Prometheus style: a counter of answered
// requests and a request-duration histogram, both by `method` and `code`.
// Label values are bounded whatever clients send: methods outside the DLNA
// set count as "other", codes are the three digits the proxy answered with.
// One call per request (observeProxyRequest) from the proxy's handler.
import type http from 'node:http';
import { Counter, Histogram, type Registry } from 'prom-client';

export interface ProxyRequestMetrics {
  requests: Counter<'method' | 'code'>;
  duration: Histogram<'method' | 'code'>;
}

/** Methods a DLNA client uses (and CONNECT, which the proxy refuses); anything else is "other". */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'SUBSCRIBE', 'UNSUBSCRIBE', 'OPTIONS', 'CONNECT']);

/**
 * Descriptions and SOAP answers take milliseconds; media streams last as long
 * as playback (the duration runs to the last byte or the client leaving).
 */
export const PROXY_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800];

export function createProxyRequestMetrics(registry: Registry): ProxyRequestMetrics {
  const labelNames = ['method', 'code'] as const;
  return {
    requests: new Counter({
      name: 'dlna_bridge_proxy_requests_total',
      help: 'HTTP requests answered by the proxy (its own 403/404/502 included), by method and status code',
      labelNames,
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'dlna_bridge_proxy_request_duration_seconds',
      help: 'Time from a request to the last byte of its answer (or the client leaving), by method and status code',
      labelNames,
      buckets: PROXY_DURATION_BUCKETS,
      registers: [registry],
    }),
  };
}

export function methodLabel(method: string | undefined): string {
  const m = (method ?? '').toUpperCase();
  return KNOWN_METHODS.has(m) ? m : 'other';
}

/** "200"; a response that never got a status line (the client left first) counts as "0". */
export function codeLabel(status: number | undefined, headersSent: boolean): string {
  return headersSent && status !== undefined && status >= 100 && status <= 599 ? String(status) : '0';
}

/** Counts the request once, when its answer ends or the connection closes. */
export function observeProxyRequest(
  metrics: ProxyRequestMetrics | undefined,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): void {
  if (!metrics) return;
  const started = process.hrtime.bigint();
  let done = false;
  const record = (): void => {
    if (done) return;
    done = true;
    const labels = { method: methodLabel(req.method), code: codeLabel(res.statusCode, res.headersSent) };
    metrics.requests.inc(labels);
    metrics.duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
  };
  res.once('finish', record);
  res.once('close', record);
}

/** A request answered outside an http.ServerResponse (the raw 405 to CONNECT). */
export function countRawAnswer(metrics: ProxyRequestMetrics | undefined, method: string, code: number): void {
  if (!metrics) return;
  const labels = { method: methodLabel(method), code: String(code) };
  metrics.requests.inc(labels);
  metrics.duration.observe(labels, 0);
}
