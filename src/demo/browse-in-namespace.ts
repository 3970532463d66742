// ContentDirectory Browse sent the way a TV on the LAN sends it: a SOAP POST
// by curl from inside a host's namespace (the demo's TV and node, the
// integration tests' TVs). The request and the DIDL-Lite parsing are the pure
// half, in content-directory.ts; this is the thin I/O half.
import { nsRun } from '../netns/testbed.js';
import { buildBrowseRequest, parseBrowseResponse, type BrowseResult } from './content-directory.js';

/** Browses `objectId` (direct children) at `controlUrl` from namespace `ns`; throws with curl's message when it fails. */
export async function browseInNamespace(ns: string, controlUrl: string, objectId: string): Promise<BrowseResult> {
  const req = buildBrowseRequest(objectId);
  const r = await nsRun(
    ns,
    'curl',
    [
      '-sS',
      '--max-time',
      '5',
      '-H',
      'Content-Type: text/xml; charset="utf-8"',
      '-H',
      `SOAPACTION: ${req.soapAction}`,
      '--data-binary',
      '@-',
      controlUrl,
    ],
    { timeoutMs: 10_000, input: req.body },
  );
  if (r.code !== 0) throw new Error(`curl Browse ${controlUrl} from ${ns}: ${r.stderr.trim()}`);
  return parseBrowseResponse(r.stdout);
}
