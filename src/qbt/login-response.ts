// How qBittorrent answers POST /api/v2/auth/login, by generation. Pure, so the
// version differences are tested directly (test/qbt/login-response.test.ts):
//   up to 5.1: 200 "Ok." + cookie SID, or 200 "Fails." on bad credentials;
//   5.2+:      204 (no body) + cookie QBT_SID_<port>, or 401 on bad credentials;
//   all:       403 "...banned..." once an address failed too often.
// 401 also means "Host/Origin header rejected" on every version, which is why
// the client probes before it logs in (see client.ts).

export interface SessionCookie {
  name: string;
  value: string;
}

export type LoginOutcome =
  | { kind: 'ok'; cookie: SessionCookie | null; generation: 'legacy' | '5.2+' }
  | { kind: 'bad-credentials'; status: number; body: string }
  | { kind: 'banned'; body: string }
  | { kind: 'unexpected'; status: number; body: string };

/** SID (up to 5.1) or QBT_SID_<port> (5.2+). */
const SESSION_COOKIE_NAME = /^(?:SID|QBT_SID_\d+)$/;

/** Finds the session cookie among Set-Cookie header values (name=value; attributes...). */
export function findSessionCookie(setCookies: readonly string[]): SessionCookie | null {
  for (const header of setCookies) {
    const first = header.split(';', 1)[0] ?? '';
    const eq = first.indexOf('=');
    if (eq <= 0) continue;
    const name = first.slice(0, eq).trim();
    const value = first.slice(eq + 1).trim();
    if (SESSION_COOKIE_NAME.test(name) && value !== '') return { name, value };
  }
  return null;
}

export function interpretLogin(status: number, body: string, setCookies: readonly string[]): LoginOutcome {
  const text = body.trim();
  const cookie = findSessionCookie(setCookies);
  if (status === 204) return { kind: 'ok', cookie, generation: '5.2+' };
  if (status === 200 && text === 'Ok.') return { kind: 'ok', cookie, generation: 'legacy' };
  if (status === 200 && text === 'Fails.') return { kind: 'bad-credentials', status, body: text };
  if (status === 401) return { kind: 'bad-credentials', status, body: text };
  if (status === 403 && /banned/i.test(text)) return { kind: 'banned', body: text };
  return { kind: 'unexpected', status, body: text.slice(0, 200) };
}
