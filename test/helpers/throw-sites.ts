// The `throw new X(...)` and `new XError(...)` calls of a source file, with
// their whole argument text, for tests that check what a library throws.

export interface ThrowSite {
  className: string;
  /** From `new` to the closing parenthesis. */
  call: string;
}

export function throwSites(source: string): ThrowSite[] {
  const sites: ThrowSite[] = [];
  for (const m of source.matchAll(/\bnew (\w*Error)\(/g)) {
    let depth = 0;
    let end = m.index + m[0].length - 1;
    for (; end < source.length; end++) {
      const c = source[end];
      if (c === '(') depth++;
      else if (c === ')' && --depth === 0) break;
    }
    sites.push({ className: m[1]!, call: source.slice(m.index, end + 1) });
  }
  return sites;
}
