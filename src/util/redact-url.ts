// URLs as they may appear in logs, metrics, error pages and /readyz, secrets
// blanked: Jellyfin takes its API key as a query parameter (api_key, ApiKey,
// X-Emby-Token) and an --upstream URL may carry user:password; neither may reach
// anything a person or a LAN client can read. Pure. redactUrl keeps the other
// parameters (request logs); publicUrl and upstreamLabel drop userinfo, query and
// fragment; redactUrlsInText blanks every absolute URL in free text (the logger
// runs every line through it).

const SECRET_PARAM = /^(?:api_?key|x-(?:emby|mediabrowser)-token|(?:access_)?token|auth|password|pw|sig(?:nature)?)$/i;
export const REDACTED = '[redacted]';

/** A path with query ("/a?api_key=x") or an absolute URL, with secrets replaced by "[redacted]". */
export function redactUrl(url: string): string {
  let text = url.replace(/^(\w+:\/\/)[^/@?#]*@/, `$1${REDACTED}@`);
  const q = text.indexOf('?');
  if (q < 0) return text;
  const hash = text.indexOf('#', q);
  const query = text.slice(q + 1, hash < 0 ? undefined : hash);
  const redacted = query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // keep the raw name: a malformed escape is not a secret's name
      }
      return eq >= 0 && SECRET_PARAM.test(decoded) ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
  text = text.slice(0, q + 1) + redacted + (hash < 0 ? '' : text.slice(hash));
  return text;
}

/** "http://host:port/path": the URL without userinfo, query or fragment. */
export function publicUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/**
 * A short, secret-free name for an upstream URL, as logs, /readyz and the
 * `upstream` metric label show it: "jellyfin.media.svc:8096",
 * "10.42.0.5:8200/rootDesc.xml" (host, port as given, and a path other than "/").
 */
export function upstreamLabel(url: URL): string {
  return url.pathname === '/' || url.pathname === '' ? url.host : `${url.host}${url.pathname}`;
}

// scheme://[userinfo@]authority-and-path[?query][#fragment], ended by
// whitespace, a quote or an angle bracket. The userinfo part runs to the last
// "@" before the path, as URL parsers read it.
const ABSOLUTE_URL = /\b([a-z][a-z0-9+.-]*:\/\/)(?:[^\s/?#"'<>]*@)?([^\s?#"'<>]*)(\?[^\s#"'<>]*)?/gi;

/** Free text with every absolute URL's userinfo and query blanked ("http://[redacted]@h/p?[redacted]"). */
export function redactUrlsInText(text: string): string {
  if (!text.includes('://')) return text;
  return text.replace(ABSOLUTE_URL, (whole: string, scheme: string, rest: string, query: string | undefined) => {
    const hadUserinfo = whole.length > scheme.length + rest.length + (query?.length ?? 0);
    return `${scheme}${hadUserinfo ? `${REDACTED}@` : ''}${rest}${query && query.length > 1 ? `?${REDACTED}` : (query ?? '')}`;
  });
}
