// Device descriptions: besides absolute URLs, UPnP lets URLBase, SCPDURL,
// controlURL, eventSubURL, icon <url> and presentationURL be root-relative
// ("/ctl/ContentDir", minidlna). A TV resolves those against LOCATION or
// URLBase, which drops the /u/{key} prefix, so they get the prefix here.
// Relative URLs without a leading slash resolve under the prefixed LOCATION and
// stay as they are. Pure.
import { canonicalAuthority } from './authority.js';
import { rewriteAbsoluteUrls } from './absolute-urls.js';
import type { RewriteContext, RewriteResult } from './context.js';

const URL_ELEMENTS = '(?:URLBase|controlURL|eventSubURL|SCPDURL|url|presentationURL)';
/** Opening tag of a URL-bearing element (any namespace prefix), its leading space and optional CDATA opener. */
const ROOT_RELATIVE = new RegExp(
  `(<(?:[A-Za-z_][\\w.-]*:)?${URL_ELEMENTS}(?:\\s[^<>]*)?>\\s*(?:<!\\[CDATA\\[\\s*)?)(?=/(?!/))`,
  'g',
);
const ABSOLUTE_IN_ELEMENT = new RegExp(
  `<(?:[A-Za-z_][\\w.-]*:)?${URL_ELEMENTS}(?:\\s[^<>]*)?>\\s*(?:<!\\[CDATA\\[\\s*)?http://([^/\\s<>?#"'@]+)`,
  'gi',
);
/** A description carries this namespace on its <root>; SCPDs and SOAP do not. */
const DEVICE_NAMESPACE = 'urn:schemas-upnp-org:device-1-0';

/** <root> with its namespace opens a description, after at most a prolog and comments. */
const HEAD_BYTES = 16 * 1024;

export function looksLikeDeviceDescription(text: string): boolean {
  const head = text.length > HEAD_BYTES ? text.slice(0, HEAD_BYTES) : text;
  return head.includes(DEVICE_NAMESPACE) && /<(?:[A-Za-z_][\w.-]*:)?root[\s>]/.test(head);
}

export function rewriteDescription(text: string, ctx: RewriteContext): RewriteResult {
  let rewrites = 0;
  const prefixed = text.replace(ROOT_RELATIVE, (opening: string) => {
    rewrites++;
    return opening + ctx.prefix;
  });
  const absolute = rewriteAbsoluteUrls(prefixed, ctx);
  return { text: absolute.text, rewrites: rewrites + absolute.rewrites };
}

/** At most this many self-authorities are learnt from one description (hostile input stays cheap). */
const MAX_SELF_AUTHORITIES = 16;

/**
 * The authorities a description uses for its own endpoints (URLBase, control,
 * event, SCPD, icon and presentation URLs; not manufacturerURL or modelURL).
 * minidlna and gerbera write their interface address there, and the same
 * address in Browse results, even when the bridge reached them by another name.
 */
export function selfAuthorities(descriptionText: string): string[] {
  const found = new Set<string>();
  ABSOLUTE_IN_ELEMENT.lastIndex = 0;
  for (let m = ABSOLUTE_IN_ELEMENT.exec(descriptionText); m !== null; m = ABSOLUTE_IN_ELEMENT.exec(descriptionText)) {
    const canonical = canonicalAuthority(m[1]!);
    if (canonical !== undefined) found.add(canonical);
    if (found.size >= MAX_SELF_AUTHORITIES) break;
  }
  return [...found];
}
