// URLs as they may appear in logs: Jellyfin accepts its API key as a query
// parameter (api_key, ApiKey, X-Emby-Token), and a --upstream URL may carry
// user:password. Neither may reach a log line. Pure.

const SECRET_PARAM = /^(?:api_?key|x-(?:emby|mediabrowser)-token|(?:access_)?token|auth|password|pw|sig(?:nature)?)$/i;

/** A path with query ("/a?api_key=x") or an absolute URL, with secrets replaced by "[redacted]". */
export function redactUrl(url: string): string {
  let text = url.replace(/^(\w+:\/\/)[^/@?#]*@/, '$1[redacted]@');
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
      return eq >= 0 && SECRET_PARAM.test(decoded) ? `${name}=[redacted]` : pair;
    })
    .join('&');
  text = text.slice(0, q + 1) + redacted + (hash < 0 ? '' : text.slice(hash));
  return text;
}
