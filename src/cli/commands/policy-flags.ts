import type { Command } from 'commander';

/**
 * The TV policy flags, declared once for lint, fix, sync and play-check: what
 * the TV cannot decode. Parsing is src/device-profile/policy-options.ts
 * (policyFromOptions); an absent flag means the default policy.
 */
export function addPolicyFlags(command: Command): Command {
  return command
    .option('--deny-container <list>', 'containers the TV cannot open, comma-separated (default: mkv)')
    .option('--deny-codec <list>', 'codecs the TV cannot decode, comma-separated (default: hevc)');
}

export interface PolicyFlags {
  denyContainer?: string;
  denyCodec?: string;
}
