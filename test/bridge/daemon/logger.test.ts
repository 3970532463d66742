import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/util/logger.js';
import { publicUrl, redactUrlsInText, upstreamLabel } from '../../../src/util/redact-url.js';

function capture(): { logger: ReturnType<typeof createLogger>; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: createLogger('debug', 'test', stream), text: () => chunks.join('') };
}

const SECRET_URL = 'http://alice:S3cretPass@jf.media:8096/dlna/x/description.xml?api_key=K3yS3cret&other=Q5ecret';

describe('log lines', () => {
  it('name their level ("warn"), not a number', () => {
    const { logger, text } = capture();
    logger.warn('w');
    logger.info('i');
    expect(
      text()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l).level),
    ).toEqual(['warn', 'info']);
  });

  it('never carry a URL with userinfo or query, wherever it is: message, field, nested field, URL object, Error, child binding', () => {
    const { logger, text } = capture();
    const child = logger.child({ source: `upstream ${SECRET_URL}` });
    child.info(
      { location: SECRET_URL, nested: { list: [SECRET_URL] }, url: new URL(SECRET_URL) },
      `fetched ${SECRET_URL}`,
    );
    child.error({ err: new Error(`GET ${SECRET_URL} failed`) }, 'failed');
    child.warn(new Error(`boom at ${SECRET_URL}`));
    const out = text();
    for (const secret of ['alice', 'S3cretPass', 'K3yS3cret', 'Q5ecret']) expect(out).not.toContain(secret);
    expect(out).toContain('http://[redacted]@jf.media:8096/dlna/x/description.xml?[redacted]');
    expect(out.split('\n').filter(Boolean)).toHaveLength(3);
  });

  it('leaves URLs without secrets and plain text alone', () => {
    expect(redactUrlsInText('GET http://10.42.0.5:8200/rootDesc.xml: 404')).toBe(
      'GET http://10.42.0.5:8200/rootDesc.xml: 404',
    );
    expect(redactUrlsInText('a=b?c@d')).toBe('a=b?c@d');
    expect(redactUrlsInText('"http://u:p@h/x?y=1" and http://h2/?')).toBe(
      '"http://[redacted]@h/x?[redacted]" and http://h2/?',
    );
  });

  it('upstream names: host and path, no userinfo, no query', () => {
    expect(upstreamLabel(new URL(SECRET_URL))).toBe('jf.media:8096/dlna/x/description.xml');
    expect(upstreamLabel(new URL('http://u:p@jellyfin.media.svc:8096/?api_key=1'))).toBe('jellyfin.media.svc:8096');
    expect(publicUrl(new URL(SECRET_URL))).toBe('http://jf.media:8096/dlna/x/description.xml');
  });
});
