// A proxy in front of a fake upstream, on 127.0.0.1, plus a small HTTP client
// that returns raw headers (case matters for DLNA headers).
import http from 'node:http';
import net from 'node:net';
import { Catalog } from '../../../src/bridge/catalog/catalog.js';
import { upstreamKey } from '../../../src/bridge/catalog/identity.js';
import { createBridgeMetrics, type BridgeMetrics } from '../../../src/bridge/metrics/metrics.js';
import { parseCidr } from '../../../src/net/cidr.js';
import { ProxyServer, type ProxyOptions } from '../../../src/bridge/proxy/proxy-server.js';
import { boundedGet } from '../../../src/bridge/upnp/fetch.js';
import type { FakeUpstream } from '../../fixtures/upstreams/minidlna-like.js';

export interface Bridge {
  proxy: ProxyServer;
  catalog: Catalog;
  metrics: BridgeMetrics;
  port: number;
  key: string;
  origin: string;
  /** "/u/{key}" + path */
  url(path: string): string;
  close(): Promise<void>;
}

export async function bridgeTo(upstream: FakeUpstream, options: Partial<ProxyOptions> = {}): Promise<Bridge> {
  const metrics = createBridgeMetrics();
  const catalog = new Catalog({ metrics });
  const description = await boundedGet(upstream.descriptionUrl);
  const text = description.body.toString('utf8');
  catalog.apply({ kind: 'up', source: 'test', location: upstream.descriptionUrl, descriptionText: text });
  const udn = /<UDN>([^<]+)<\/UDN>/.exec(text)![1]!;
  const proxy = new ProxyServer({ catalog, allow: [parseCidr('127.0.0.0/8')], metrics, ...options });
  const { port } = await proxy.listen(0, '127.0.0.1');
  const key = upstreamKey(udn);
  const origin = `http://127.0.0.1:${port}`;
  return {
    proxy,
    catalog,
    metrics,
    port,
    key,
    origin,
    url: (path) => `${origin}/u/${key}${path}`,
    close: () => proxy.close(100),
  };
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
  text: string;
  reusedSocket: boolean;
}

export interface RequestInit {
  method?: string;
  headers?: Record<string, string> | string[];
  body?: string;
  agent?: http.Agent;
  /** The client's own address (any of 127.0.0.0/8 on loopback): a different LAN host to the proxy. */
  localAddress?: string;
}

export function request(url: string, init: RequestInit = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const options: http.RequestOptions = {
      method: init.method ?? 'GET',
      headers: init.headers,
      agent: init.agent ?? false,
    };
    if (init.localAddress) options.localAddress = init.localAddress;
    const req = http.request(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          rawHeaders: res.rawHeaders,
          body,
          text: body.toString('utf8'),
          reusedSocket: req.reusedSocket,
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** Sends raw bytes and returns everything the server says until it closes (or 2 s pass). */
export function rawExchange(port: number, text: string, localAddress?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1', ...(localAddress ? { localAddress } : {}) });
    let out = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(out);
    }, 2_000);
    socket.on('data', (d) => (out += d.toString('latin1')));
    socket.on('end', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(out);
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      if (out) resolve(out);
      else reject(err);
    });
    socket.write(text);
  });
}

/** The value of a raw header (name compared exactly, as a case-sensitive TV would). */
export function rawHeader(raw: readonly string[], name: string): string | undefined {
  for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i] === name) return raw[i + 1];
  return undefined;
}
