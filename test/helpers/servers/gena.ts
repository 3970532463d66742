// GENA eventing as a TV does it: an HTTP listener in the TV's namespace that
// records every NOTIFY, and SUBSCRIBE / renew / UNSUBSCRIBE sent with curl.
import { createInterface } from 'node:readline';
import { nsRun, type Testbed } from '../netns.js';

export interface EventNotify {
  method: string;
  url: string;
  /** header names lower-cased */
  headers: Record<string, string>;
  body: string;
  from: string;
}

export interface EventSink {
  /** The CALLBACK URL to give the server. */
  callback: string;
  events: EventNotify[];
  stop(): void;
}

/** An event listener on `address:port` in namespace `host` (the TV's own address: the callback must name it). */
export async function startEventSink(bed: Testbed, host: string, address: string, port: number): Promise<EventSink> {
  const code = `
    import http from 'node:http';
    http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (d) => (body += d.slice(0, 65536)));
      req.on('end', () => {
        process.stdout.write(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body, from: req.socket.remoteAddress }) + '\\n');
        res.writeHead(200, { 'Content-Length': 0 });
        res.end();
      });
    }).listen(${port}, ${JSON.stringify(address)}, () => process.stdout.write('{"ready":true}\\n'));
  `;
  const child = bed.spawn(host, process.execPath, ['--input-type=module', '-e', code]);
  const events: EventNotify[] = [];
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (c) => reject(new Error(`event sink in ${host} exited ${c}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = JSON.parse(line) as EventNotify & { ready?: boolean };
      if (m.ready) resolve();
      else events.push(m);
    });
  });
  return { callback: `http://${address}:${port}/evt`, events, stop: () => child.kill('SIGKILL') };
}

export interface GenaAnswer {
  status: number;
  /** header names lower-cased */
  headers: Record<string, string>;
}

/** One GENA request (SUBSCRIBE, renew, UNSUBSCRIBE) with curl from `ns`; the status and headers of the answer. */
export async function genaRequest(
  ns: string,
  method: 'SUBSCRIBE' | 'UNSUBSCRIBE',
  url: string,
  headers: Record<string, string>,
): Promise<GenaAnswer> {
  const args = ['-sS', '--max-time', '5', '-o', '/dev/null', '-D', '-', '-X', method];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}: ${v}`);
  const r = await nsRun(ns, 'curl', [...args, url], { timeoutMs: 10_000 });
  if (r.code !== 0) throw new Error(`curl ${method} ${url} from ${ns}: ${r.stderr.trim()}`);
  const lines = r.stdout.split(/\r?\n/);
  const status = Number(/^HTTP\/\S+ (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0);
  const out: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { status, headers: out };
}
