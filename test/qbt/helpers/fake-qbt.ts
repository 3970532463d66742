// A tiny qBittorrent WebUI on 127.0.0.1 that answers with recorded responses
// (test/fixtures/qbt/<generation>/), for the login and API differences between
// generations that the Debian 4.5.2 in the integration test cannot show.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { repoRoot } from '../../helpers/cli.js';

export type Generation = '4.5.2' | '5.2';

export interface Recorded {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function fixture(generation: Generation, name: string): Recorded {
  const file = path.join(repoRoot, 'test/fixtures/qbt', generation, `${name}.json`);
  const { status, headers, body } = JSON.parse(readFileSync(file, 'utf8')) as Recorded;
  return { status, headers, body };
}

export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  form: URLSearchParams;
}

export interface FakeTorrent {
  hash: string;
  name: string;
  save_path: string;
  content_path?: string;
  download_path?: string;
  state: string;
  progress: number;
  files: { name: string; size: number; progress: number; priority: number }[];
}

export interface FakeQbtOptions {
  generation: Generation;
  username?: string;
  password?: string;
  /** 5.2 only: accepted as `Authorization: Bearer` */
  apiKey?: string;
  /** answer every call without a session (qBittorrent's auth bypass for a whitelisted subnet) */
  noAuth?: boolean;
  preferences?: Record<string, unknown>;
  torrents?: FakeTorrent[];
  /** polls that report `moving` after a setLocation before the move "finishes" */
  movingPolls?: number;
  /** answers setLocation with this recorded response instead of moving */
  setLocationAnswer?: Recorded;
}

export interface FakeQbt {
  url: string;
  seen: SeenRequest[];
  preferences: Record<string, unknown>;
  torrents: FakeTorrent[];
  close(): Promise<void>;
}

export async function startFakeQbt(options: FakeQbtOptions): Promise<FakeQbt> {
  const gen = options.generation;
  const seen: SeenRequest[] = [];
  const preferences: Record<string, unknown> = {
    save_path: '/downloads',
    temp_path: '/downloads/temp',
    temp_path_enabled: false,
    ...options.preferences,
  };
  const torrents = options.torrents ?? [];
  const movingLeft = new Map<string, { polls: number; to: string }>();
  const login = fixture(gen, 'login-ok');
  const sessionCookie = (login.headers['set-cookie'] ?? '').split(';')[0]!;
  const ok = (body: string, type = 'text/plain; charset=UTF-8'): Recorded => ({
    status: 200,
    headers: { 'content-type': type },
    body,
  });
  const json = (v: unknown): Recorded => ok(JSON.stringify(v), 'application/json');
  const done = (): Recorded => (gen === '5.2' ? fixture('5.2', 'action-done') : ok(''));
  const info = (t: FakeTorrent): Record<string, unknown> => {
    const move = movingLeft.get(t.hash);
    const { files: _files, ...rest } = t;
    return { ...rest, content_path: t.content_path ?? `${t.save_path}/${t.name}`, state: move ? 'moving' : t.state };
  };

  const answer = (req: SeenRequest): Recorded => {
    const auth = String(req.headers.authorization ?? '');
    const bearer = /^Bearer\s+(.+)$/i.exec(auth)?.[1];
    // qBittorrent's CSRF check (skipped for API keys): Origin, else Referer, must name the Host.
    const claimed = req.headers.origin ?? req.headers.referer;
    if (!bearer && claimed && new URL(String(claimed)).host !== req.headers.host)
      return fixture(gen, gen === '5.2' ? 'login-unauthorized' : 'host-rejected');
    const apiKeyOk = gen === '5.2' && bearer !== undefined && bearer === options.apiKey;
    const cookieOk = String(req.headers.cookie ?? '')
      .split(/;\s*/)
      .includes(sessionCookie);
    const session = options.noAuth || apiKeyOk || cookieOk;

    if (req.path.startsWith('/api/v2/auth/')) {
      // 5.2 refuses auth/* to API-key clients; 4.x ignores the header.
      if (bearer && gen === '5.2') return fixture('5.2', 'api-key-on-auth');
      if (req.path !== '/api/v2/auth/login') return ok('');
      const good =
        req.form.get('username') === (options.username ?? 'admin') && req.form.get('password') === options.password;
      if (good) return login;
      return fixture(gen, gen === '5.2' ? 'login-unauthorized' : 'login-fails');
    }
    if (!session) return fixture(gen, 'no-session');
    switch (req.path) {
      case '/api/v2/app/version':
        return ok(gen === '5.2' ? 'v5.2.0' : 'v4.5.2');
      case '/api/v2/app/preferences':
        return json(preferences);
      case '/api/v2/app/setPreferences':
        Object.assign(preferences, JSON.parse(req.form.get('json') ?? '{}'));
        return done();
      case '/api/v2/torrents/info': {
        const wanted = req.query.get('hashes')?.split('|');
        const list = torrents.filter((t) => !wanted || wanted.includes(t.hash));
        for (const t of list) {
          const move = movingLeft.get(t.hash);
          if (move && move.polls-- <= 0) {
            movingLeft.delete(t.hash);
            t.save_path = move.to;
            t.content_path = `${move.to}/${t.name}`;
          }
        }
        return json(list.map(info));
      }
      case '/api/v2/torrents/files': {
        const t = torrents.find((x) => x.hash === req.query.get('hash'));
        return t ? json(t.files) : { status: 404, headers: {}, body: 'Not Found' };
      }
      case '/api/v2/torrents/setLocation': {
        if (options.setLocationAnswer) return options.setLocationAnswer;
        const to = req.form.get('location') ?? '';
        for (const hash of (req.form.get('hashes') ?? '').split('|')) {
          if (torrents.some((t) => t.hash === hash)) movingLeft.set(hash, { polls: options.movingPolls ?? 1, to });
        }
        return done();
      }
      default:
        return { status: 404, headers: {}, body: 'Not Found' };
    }
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const seenReq: SeenRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        form: new URLSearchParams(Buffer.concat(chunks).toString('utf8')),
      };
      seen.push(seenReq);
      const r = answer(seenReq);
      res.writeHead(r.status, r.headers);
      res.end(r.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    preferences,
    torrents,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
