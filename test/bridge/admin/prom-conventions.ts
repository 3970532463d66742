// A small checker of Prometheus text exposition (format 0.0.4) against the
// naming conventions (prometheus.io/docs/practices/naming): it parses the
// text (HELP/TYPE/sample lines, label sets with escapes) and returns every
// breach as a sentence, so a test can expect an empty list and a failure
// names the metric. Used on a registry built in-process and on a real
// daemon's /metrics.

export interface Family {
  name: string;
  type?: string;
  help?: string;
  samples: Array<{ name: string; labels: Record<string, string>; value: number }>;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const SNAKE = /^[a-z][a-z0-9_]*$/;
const LABEL_NAME = /^[a-z_][a-z0-9_]*$/;

/** Parses exposition text; throws on a line that is not valid 0.0.4. */
export function parseExposition(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const family = (name: string): Family => {
    let f = families.get(name);
    if (!f) families.set(name, (f = { name, samples: [] }));
    return f;
  };
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const [, what, name, rest] = meta as unknown as [string, string, string, string];
      if (what === 'HELP') family(name).help = rest;
      else family(name).type = rest;
      continue;
    }
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)( \d+)?$/.exec(line);
    if (!m) throw new Error(`not an exposition line: ${JSON.stringify(line)}`);
    const [, sampleName, , labelText, valueText] = m as unknown as [
      string,
      string,
      string | undefined,
      string | undefined,
      string,
    ];
    const labels: Record<string, string> = {};
    if (labelText) {
      const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/gy;
      let lm: RegExpExecArray | null;
      let at = 0;
      while ((lm = re.exec(labelText))) {
        labels[lm[1]!] = lm[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
        at = re.lastIndex;
      }
      if (at !== labelText.length) throw new Error(`bad label set: ${JSON.stringify(line)}`);
    }
    const value = valueText === '+Inf' ? Infinity : valueText === '-Inf' ? -Infinity : Number(valueText);
    if (Number.isNaN(value) && valueText !== 'NaN') throw new Error(`bad value: ${JSON.stringify(line)}`);
    const base =
      [...families.keys()]
        .reverse()
        .find((n) => sampleName === n || (sampleName.startsWith(`${n}_`) && /_(bucket|sum|count)$/.test(sampleName))) ??
      sampleName;
    family(base).samples.push({ name: sampleName, labels, value });
  }
  return families;
}

/** Label names that would carry a URL, an address or a person: unbounded and maybe secret. */
const FORBIDDEN_LABELS =
  /^(url|uri|href|location|path|query|client|ip|address|remote|host|user|username|password|token|api_key|key|udn|usn)$/;
/** Unit suffixes that are not base units. */
const NON_BASE_UNITS = /_(ms|milliseconds|microseconds|us|ns|minutes|hours|kb|kib|mb|mib|gb|percent)(_|$)/;

export interface ConventionOptions {
  /** Most series one family may have (a bound on label cardinality). */
  maxSeries?: number;
  /** Strings that must appear in no label value (secrets used by a test). */
  secrets?: string[];
  /** Families not checked (a library's own names). */
  exempt?: readonly string[];
}

/**
 * prom-client's default process metrics that break a rule: gauges named
 * *_total (nodejs_active_handles_total, ...). Their names are the library's,
 * which every Node dashboard uses; ours are checked without exception.
 */
export const PROM_CLIENT_EXEMPT = [
  'nodejs_active_resources_total',
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
];

export function conventionBreaches(text: string, options: ConventionOptions = {}): string[] {
  const out: string[] = [];
  const maxSeries = options.maxSeries ?? 50;
  for (const f of parseExposition(text).values()) {
    const n = f.name;
    if (options.exempt?.includes(n)) continue;
    if (!NAME.test(n) || !SNAKE.test(n)) out.push(`${n}: not snake_case`);
    if (!f.help || f.help.trim().length < 8) out.push(`${n}: no help text`);
    if (!f.type) out.push(`${n}: no TYPE`);
    if (f.type === 'counter' && !n.endsWith('_total')) out.push(`${n}: a counter must end in _total`);
    if (f.type !== 'counter' && n.endsWith('_total')) out.push(`${n}: only counters end in _total`);
    if (NON_BASE_UNITS.test(n)) out.push(`${n}: use base units (_seconds, _bytes)`);
    if (f.type === 'histogram' && f.samples.length > 0) {
      if (!/_(seconds|bytes)$/.test(n)) out.push(`${n}: a histogram names its unit (_seconds or _bytes)`);
      const buckets = f.samples.filter((s) => s.name === `${n}_bucket`);
      if (buckets.length === 0) out.push(`${n}: histogram without buckets`);
      if (buckets.some((b) => b.labels['le'] === undefined)) out.push(`${n}: bucket without le`);
      if (!f.samples.some((s) => s.name === `${n}_sum`) || !f.samples.some((s) => s.name === `${n}_count`))
        out.push(`${n}: histogram without _sum/_count`);
    }
    const series = new Set(f.samples.filter((s) => !s.name.endsWith('_bucket')).map((s) => JSON.stringify(s.labels)));
    if (series.size > maxSeries)
      out.push(`${n}: ${series.size} series (more than ${maxSeries}: a high-cardinality label?)`);
    for (const s of f.samples) {
      for (const [label, value] of Object.entries(s.labels)) {
        if (!LABEL_NAME.test(label)) out.push(`${n}: label ${label} is not snake_case`);
        if (FORBIDDEN_LABELS.test(label)) out.push(`${n}: label ${label} may carry an address or a secret`);
        if (/:\/\/|@|\?/.test(value)) out.push(`${n}: label ${label}="${value}" looks like a URL`);
        for (const secret of options.secrets ?? [])
          if (value.includes(secret)) out.push(`${n}: label ${label} carries a secret`);
      }
    }
  }
  return [...new Set(out)];
}
