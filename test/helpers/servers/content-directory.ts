// ContentDirectory Browse as a TV sends it, from inside a namespace, with the
// HTTP status kept (a 412 from a server that refuses the Host is the finding,
// not an error to hide), and the search for the folder that holds the media,
// which each server nests differently (minidlna: Browse Folders/...; gerbera:
// PC Directory/<full path>; rygel: Files & Folders/...).
import { nsRun } from '../netns.js';
import {
  buildBrowseRequest,
  parseBrowseResponse,
  type BrowseFlag,
  type BrowseResult,
  type DidlObject,
} from '../../../src/demo/content-directory.js';

export interface BrowseCall {
  objectId: string;
  flag?: BrowseFlag;
  start?: number;
  count?: number;
}

export interface BrowseAnswer {
  status: number;
  /** Set when the status is 200 and the body a BrowseResponse. */
  result?: BrowseResult & { numberReturned: number };
  body: string;
}

export async function soapBrowse(
  ns: string,
  controlUrl: string,
  call: BrowseCall,
  serviceType?: string,
): Promise<BrowseAnswer> {
  const req = buildBrowseRequest(call.objectId, call.start ?? 0, call.count ?? 0, call.flag ?? 'BrowseDirectChildren');
  const soapAction = serviceType ? `"${serviceType}#Browse"` : req.soapAction;
  const r = await nsRun(
    ns,
    'curl',
    [
      '-sS',
      '--max-time',
      '5',
      '-w',
      '\n%{http_code}',
      '-H',
      'Content-Type: text/xml; charset="utf-8"',
      '-H',
      `SOAPACTION: ${soapAction}`,
      '--data-binary',
      '@-',
      controlUrl,
    ],
    { timeoutMs: 10_000, input: req.body },
  );
  if (r.code !== 0) throw new Error(`curl Browse ${controlUrl} from ${ns}: ${r.stderr.trim()}`);
  const cut = r.stdout.lastIndexOf('\n');
  const status = Number(r.stdout.slice(cut + 1));
  const body = r.stdout.slice(0, cut);
  if (status !== 200) return { status, body };
  const parsed = parseBrowseResponse(body);
  const numberReturned = Number(/<NumberReturned>(\d+)<\/NumberReturned>/.exec(body)?.[1] ?? NaN);
  return { status, body, result: { ...parsed, numberReturned } };
}

export interface MediaFolder {
  /** The container's object id. */
  id: string;
  /** Its direct children that are items (the media files). */
  items: DidlObject[];
}

/**
 * The first container, breadth-first from the root, whose direct children
 * include at least `minItems` items: the media folder. Throws with what each
 * step answered when none is found within `maxDepth` levels.
 */
export async function findMediaFolder(
  ns: string,
  controlUrl: string,
  minItems: number,
  maxDepth = 8,
): Promise<MediaFolder> {
  let level = ['0'];
  for (let depth = 0; depth <= maxDepth && level.length > 0; depth++) {
    const next: string[] = [];
    for (const id of level) {
      const answer = await soapBrowse(ns, controlUrl, { objectId: id });
      if (!answer.result)
        throw new Error(`Browse ${id} at ${controlUrl}: HTTP ${answer.status} ${answer.body.slice(0, 200)}`);
      const items = answer.result.objects.filter((o) => !o.isContainer);
      if (items.length >= minItems) return { id, items };
      next.push(...answer.result.objects.filter((o) => o.isContainer).map((o) => o.id));
    }
    level = next;
  }
  throw new Error(`no container with ${minItems} items under 0 at ${controlUrl}`);
}
