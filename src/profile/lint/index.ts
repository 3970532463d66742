// Lint's API for other modules (profile sync): lint a text, or a profile folder.
export {
  lintProfileText,
  lintProfile,
  lintProfileSet,
  type FileLintResult,
  type ProfileSource,
  type ProfileLintResult,
} from './runner.js';
export type { Finding, RuleId, Severity } from './types.js';
