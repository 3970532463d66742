// The lint contract: rule ids (stable, documented in the README), findings,
// and the two kinds of rules (one profile; a directory of profiles).
import type { DeviceProfile, Policy, SourcePosition } from '../../device-profile/model.js';
import type { ProfileProblem } from '../../device-profile/parse.js';
import type { XmlDocument, XmlElement } from '../../xml/types.js';

export type RuleId =
  | 'direct-play-container'
  | 'direct-play-codec'
  | 'never-matches'
  | 'direct-stream-trap'
  | 'no-h264-transcode'
  | 'transcode-denied-format'
  | 'no-identification'
  | 'invalid-xml'
  | 'invalid-value'
  | 'unknown-element'
  | 'duplicate-match';

export type Severity = 'error' | 'warning';

export interface Finding {
  rule: RuleId;
  severity: Severity;
  file: string;
  line: number;
  column: number;
  /** What Jellyfin will do, in plain words. */
  message: string;
  /** How to fix it. */
  hint: string;
}

/** What a rule reports; the runner adds rule, severity and file. */
export interface RuleFinding {
  pos: SourcePosition;
  message: string;
  hint: string;
}

/** Everything a single-profile rule may look at; all of it already parsed. */
export interface LintContext {
  file: string;
  text: string;
  doc: XmlDocument;
  profile: DeviceProfile;
  /** Value and element problems found while reading (invalid-value, unknown-element). */
  problems: ProfileProblem[];
  policy: Policy;
  /** Elements by start position ("line:column"), to get from a model item back to its XML. */
  elements: Map<string, XmlElement>;
}

export interface ProfileRule {
  id: RuleId;
  severity: Severity;
  check(ctx: LintContext): RuleFinding[];
}

/** A profile as the directory rules see it. */
export interface LintedProfile {
  file: string;
  profile: DeviceProfile;
}

export interface DirectoryRule {
  id: RuleId;
  severity: Severity;
  /** `profiles` are in Jellyfin's order (see select.ts); findings name their own file. */
  check(profiles: LintedProfile[]): (RuleFinding & { file: string })[];
}
