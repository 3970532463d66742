// qBittorrent WebUI API v2 client: just the calls the relocation needs, with a
// login that works on every generation (see login-response.ts). The one rule
// that shapes it: a wrong password is never retried, because qBittorrent bans
// an address after a few failures (WebUI\MaxAuthenticationFailCount).
import { ENV_API_KEY, ENV_PASSWORD, type QbtAuth } from './credentials.js';
import { QbtEnvironmentError, QbtInputError } from './errors.js';
import { qbtHttp, type QbtHttpResponse } from './http.js';
import { interpretLogin, type SessionCookie } from './login-response.js';
import {
  preferencesSchema,
  torrentFilesSchema,
  torrentListSchema,
  type Preferences,
  type TorrentFile,
  type TorrentInfo,
} from './types.js';
import type { ZodType } from 'zod';
import { publicUrl } from '../util/redact-url.js';

/** How the session was obtained, for the report. */
export type QbtSessionKind = 'cookie SID (up to 5.1)' | 'cookie QBT_SID_<port> (5.2+)' | 'API key' | 'no login needed';

export interface QbtConnection {
  version: string;
  session: QbtSessionKind;
}

/** What the relocation needs from qBittorrent; the executor's tests fake it. */
export interface QbtApi {
  preferences(): Promise<Preferences>;
  setPreferences(changes: Record<string, unknown>): Promise<void>;
  torrents(hashes?: readonly string[]): Promise<TorrentInfo[]>;
  /** null when qBittorrent no longer knows the torrent. */
  files(hash: string): Promise<TorrentFile[] | null>;
  setLocation(hashes: readonly string[], location: string): Promise<void>;
}

export interface QbtClientOptions {
  timeoutMs?: number;
  maxBytes?: number;
}

export const DEFAULT_QBT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024; // torrents/info of a large library is megabytes

const BAN_HINT =
  'Not retrying: qBittorrent bans an address after a few failed logins (WebUI\\MaxAuthenticationFailCount, default 5).';

/** qBittorrent's WebUI speaks HTTP: any other scheme is a mistake in the address. */
export function checkWebUiUrl(url: URL): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new QbtInputError('QBT_URL_INVALID', `must be an http:// or https:// URL, not ${url.protocol}`);
  }
}

export class QbtClient implements QbtApi {
  private readonly base: URL;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private cookie: SessionCookie | null = null;

  constructor(
    baseUrl: URL,
    private readonly auth: QbtAuth,
    options: QbtClientOptions = {},
  ) {
    checkWebUiUrl(baseUrl);
    // A trailing slash makes relative endpoints resolve under a reverse-proxy prefix (http://host/qbt/).
    this.base = new URL(baseUrl.href.endsWith('/') ? baseUrl.href : `${baseUrl.href}/`);
    this.base.search = '';
    this.base.hash = '';
    this.timeoutMs = options.timeoutMs ?? DEFAULT_QBT_TIMEOUT_MS;
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  }

  get origin(): string {
    return this.base.origin;
  }

  /**
   * Probes first (GET app/version, which needs no password and never counts as
   * a failed login), so a rejected Host header or an address that needs no
   * login is known before a password is sent; then logs in once.
   */
  async connect(): Promise<QbtConnection> {
    const probe = await this.send('GET', 'app/version');
    if (probe.status === 200) {
      return { version: probe.body.trim(), session: this.auth.kind === 'api-key' ? 'API key' : 'no login needed' };
    }
    if (probe.status === 401) throw this.hostRejected();
    if (probe.status === 404) {
      throw new QbtEnvironmentError(
        'QBT_NOT_A_WEBUI',
        `${publicUrl(this.base)} is not a qBittorrent WebUI (404 for api/v2/app/version)`,
      );
    }
    if (probe.status !== 403) throw this.unexpected('app/version', probe);
    if (this.auth.kind === 'api-key') {
      throw new QbtInputError(
        'QBT_API_KEY_REFUSED',
        'qBittorrent refused the API key (403 Forbidden): the key is wrong or was regenerated, or this qBittorrent ' +
          'is older than 5.2 and has no API keys (give its password instead).',
      );
    }
    if (this.auth.kind === 'none') {
      throw new QbtInputError(
        'QBT_LOGIN_REQUIRED',
        `qBittorrent requires a login: give its password (a password file, or ${ENV_PASSWORD}) ` +
          `or, on 5.2+, an API key (an API key file, or ${ENV_API_KEY}).`,
      );
    }
    const session = await this.login(this.auth.username, this.auth.password);
    const after = await this.send('GET', 'app/version');
    if (after.status !== 200) {
      throw new QbtEnvironmentError(
        'QBT_SESSION_REFUSED',
        `qBittorrent accepted the login but refused the session afterwards (${after.status} ${after.body.trim()}); ` +
          'a reverse proxy in between may drop the session cookie.',
      );
    }
    return { version: after.body.trim(), session };
  }

  private async login(username: string, password: string): Promise<QbtSessionKind> {
    const res = await this.send('POST', 'auth/login', new URLSearchParams({ username, password }));
    const outcome = interpretLogin(res.status, res.body, res.setCookies);
    switch (outcome.kind) {
      case 'ok':
        if (!outcome.cookie) {
          throw new QbtEnvironmentError(
            'QBT_NO_SESSION_COOKIE',
            'qBittorrent answered the login with success but set no session cookie',
          );
        }
        this.cookie = outcome.cookie;
        return outcome.generation === '5.2+' ? 'cookie QBT_SID_<port> (5.2+)' : 'cookie SID (up to 5.1)';
      case 'bad-credentials': {
        const answer = outcome.status === 401 ? '401 Unauthorized' : `"${outcome.body}"`;
        throw new QbtInputError(
          'QBT_LOGIN_REFUSED',
          `qBittorrent rejected the login for user "${username}" (it answered ${answer}): wrong username or password. ${BAN_HINT}`,
        );
      }
      case 'banned':
        throw new QbtEnvironmentError(
          'QBT_BANNED',
          `qBittorrent has banned this address after too many failed logins ("${outcome.body}"). ` +
            'Check the password, then wait for the ban to end (WebUI\\BanDuration, default 1 hour) or restart qBittorrent.',
        );
      case 'unexpected':
        throw this.unexpected('auth/login', { status: outcome.status, body: outcome.body, setCookies: [] });
    }
  }

  async preferences(): Promise<Preferences> {
    return this.getJson('app/preferences', preferencesSchema);
  }

  async setPreferences(changes: Record<string, unknown>): Promise<void> {
    const res = await this.send('POST', 'app/setPreferences', new URLSearchParams({ json: JSON.stringify(changes) }));
    this.expectSuccess('app/setPreferences', res);
  }

  async torrents(hashes?: readonly string[]): Promise<TorrentInfo[]> {
    const query = hashes && hashes.length > 0 ? `?${new URLSearchParams({ hashes: hashes.join('|') })}` : '';
    return this.getJson(`torrents/info${query}`, torrentListSchema);
  }

  async files(hash: string): Promise<TorrentFile[] | null> {
    const endpoint = `torrents/files?${new URLSearchParams({ hash })}`;
    const res = await this.send('GET', endpoint);
    if (res.status === 404) return null;
    return this.parseJson(endpoint, res, torrentFilesSchema);
  }

  async setLocation(hashes: readonly string[], location: string): Promise<void> {
    const res = await this.send(
      'POST',
      'torrents/setLocation',
      new URLSearchParams({ hashes: hashes.join('|'), location }),
    );
    if (res.status === 409) {
      throw new QbtEnvironmentError(
        'QBT_SAVE_PATH_REFUSED',
        `qBittorrent cannot create ${location} (409 ${res.body.trim() || 'Conflict'}): is the volume mounted in its container, ` +
          'and writable by the user it runs as? Nothing was moved.',
      );
    }
    // 4.x checks write access itself and answers 403 with a reason; a bare "Forbidden" is a lost session.
    if (res.status === 403 && res.body.trim() !== '' && res.body.trim() !== 'Forbidden') {
      throw new QbtEnvironmentError(
        'QBT_SAVE_PATH_REFUSED',
        `qBittorrent cannot write to ${location} (403 ${res.body.trim()}). Nothing was moved.`,
      );
    }
    this.expectSuccess('torrents/setLocation', res);
  }

  private async getJson<T>(endpoint: string, schema: ZodType<T>): Promise<T> {
    return this.parseJson(endpoint, await this.send('GET', endpoint), schema);
  }

  private parseJson<T>(endpoint: string, res: QbtHttpResponse, schema: ZodType<T>): T {
    this.expectSuccess(endpoint, res);
    let data: unknown;
    try {
      data = JSON.parse(res.body);
    } catch {
      throw new QbtEnvironmentError(
        'QBT_ANSWER_INVALID',
        `qBittorrent's answer to ${endpoint} is not JSON: ${res.body.slice(0, 80)}`,
      );
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new QbtEnvironmentError(
        'QBT_ANSWER_INVALID',
        `qBittorrent's answer to ${endpoint} lacks what this tool needs (${issue?.path.join('.') || '(root)'}: ${issue?.message})`,
      );
    }
    return parsed.data;
  }

  private expectSuccess(endpoint: string, res: QbtHttpResponse): void {
    if (res.status >= 200 && res.status < 300) return;
    if (res.status === 403) {
      throw new QbtEnvironmentError(
        'QBT_SESSION_REFUSED',
        `qBittorrent refused ${endpoint.split('?')[0]} (403 Forbidden): the session was not accepted or has expired.`,
      );
    }
    if (res.status === 401) throw this.hostRejected();
    throw this.unexpected(endpoint, res);
  }

  private hostRejected(): QbtEnvironmentError {
    return new QbtEnvironmentError(
      'QBT_HOST_REJECTED',
      `qBittorrent at ${this.base.origin} rejected the request (401 Unauthorized) before any login: it does not ` +
        `accept "${this.base.host}" as its own address (WebUI\\HostHeaderValidation; add the name to WebUI\\ServerDomains, ` +
        'or use the address it listens on).',
    );
  }

  private unexpected(endpoint: string, res: QbtHttpResponse): QbtEnvironmentError {
    return new QbtEnvironmentError(
      'QBT_UNEXPECTED_ANSWER',
      `unexpected answer from qBittorrent to ${endpoint.split('?')[0]}: ${res.status} ${res.body.trim().slice(0, 120)}`,
    );
  }

  private send(method: 'GET' | 'POST', endpoint: string, form?: URLSearchParams): Promise<QbtHttpResponse> {
    // qBittorrent's CSRF check compares Origin/Referer with the Host header (host and port).
    const headers: Record<string, string> = {
      referer: `${this.base.origin}/`,
      origin: this.base.origin,
      'user-agent': 'dlna-bridge',
    };
    if (this.auth.kind === 'api-key') headers.authorization = `Bearer ${this.auth.key}`;
    if (this.cookie) headers.cookie = `${this.cookie.name}=${this.cookie.value}`;
    return qbtHttp({
      method,
      url: new URL(`api/v2/${endpoint}`, this.base),
      headers,
      form,
      timeoutMs: this.timeoutMs,
      maxBytes: this.maxBytes,
    });
  }
}
