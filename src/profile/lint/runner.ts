// Run the lint rules: on one profile text, or on a set of profiles (a
// directory), where the directory rules see them in Jellyfin's order.
import type { DeviceProfile, Policy } from '../../device-profile/model.js';
import { ProfileParseError, readProfileDocument } from '../../device-profile/parse.js';
import { orderProfiles } from '../../device-profile/select.js';
import { DIRECTORY_RULES, PROFILE_RULES } from './registry.js';
import type { Finding, LintedProfile } from './types.js';
import { elementIndex } from './locate.js';

export interface ProfileLintResult {
  findings: Finding[];
  /** Undefined when the text is not a readable profile (an invalid-xml finding says why). */
  profile: DeviceProfile | undefined;
}

/** Lint one profile text. Never throws for bad input: malformed XML is an invalid-xml finding. */
export function lintProfileText(text: string, policy: Policy, file = '<profile>'): Finding[] {
  return lintProfile(text, policy, file).findings;
}

export function lintProfile(text: string, policy: Policy, file = '<profile>'): ProfileLintResult {
  let read;
  try {
    read = readProfileDocument(text);
  } catch (err) {
    if (!(err instanceof ProfileParseError)) throw err;
    const findings: Finding[] = [
      {
        rule: 'invalid-xml',
        severity: 'error',
        file,
        line: err.line,
        column: err.column,
        message: `${err.reason}; Jellyfin cannot load this profile`,
        hint: 'fix the XML at this position (an editor with XML checking helps)',
      },
    ];
    return { findings, profile: undefined };
  }
  const ctx = {
    file,
    text,
    doc: read.doc,
    profile: read.profile,
    problems: read.problems,
    policy,
    elements: elementIndex(read.doc),
  };
  const findings: Finding[] = [];
  for (const rule of PROFILE_RULES) {
    for (const f of rule.check(ctx)) {
      findings.push({
        rule: rule.id,
        severity: rule.severity,
        file,
        line: f.pos.line,
        column: f.pos.column,
        message: f.message,
        hint: f.hint,
      });
    }
  }
  return { findings: sortFindings(findings), profile: read.profile };
}

export interface ProfileSource {
  file: string;
  text: string;
}

export interface FileLintResult {
  file: string;
  findings: Finding[];
}

/**
 * Lint profiles that Jellyfin loads together (one profile folder): each on its
 * own, then the directory rules across them, in Jellyfin's order (by file name).
 */
export function lintProfileSet(sources: readonly ProfileSource[], policy: Policy): FileLintResult[] {
  const results = sources.map((s) => ({ source: s, ...lintProfile(s.text, policy, s.file) }));
  const readable: (LintedProfile & { path: string; kind: 'user' })[] = [];
  for (const r of results)
    if (r.profile) readable.push({ file: r.source.file, path: r.source.file, profile: r.profile, kind: 'user' });
  const ordered = orderProfiles(readable);
  const byFile = new Map(results.map((r) => [r.source.file, r.findings]));
  for (const rule of DIRECTORY_RULES) {
    for (const f of rule.check(ordered)) {
      byFile.get(f.file)?.push({
        rule: rule.id,
        severity: rule.severity,
        file: f.file,
        line: f.pos.line,
        column: f.pos.column,
        message: f.message,
        hint: f.hint,
      });
    }
  }
  return results.map((r) => ({ file: r.source.file, findings: sortFindings(byFile.get(r.source.file) ?? []) }));
}

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => a.line - b.line || a.column - b.column);
}
