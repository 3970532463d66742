// The profile rules sync applies: the same lint and fix as `profile lint` and
// `profile fix`, so a profile sync leaves behind is one lint accepts.

import { fixProfileText } from '../fix/index.js';
import { lintProfileText } from '../lint/index.js';
import type { ProfileRules } from './types.js';

export function defaultProfileRules(): ProfileRules {
  return {
    fix: (text, policy) => fixProfileText(text, policy),
    lint: (text, policy, file) => lintProfileText(text, policy, file),
  };
}
