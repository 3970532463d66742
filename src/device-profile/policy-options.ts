// The policy from CLI options: what the TV cannot decode (--deny-container,
// --deny-codec, comma lists). Shared by lint, fix and sync's command lines.
import { DEFAULT_POLICY, type Policy } from './model.js';

function tokens(list: string | undefined, fallback: readonly string[]): string[] {
  if (list === undefined) return [...fallback];
  return list
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t.length > 0);
}

export function policyFromOptions(opts: { denyContainer?: string; denyCodec?: string }): Policy {
  return {
    denyContainers: tokens(opts.denyContainer, DEFAULT_POLICY.denyContainers),
    denyVideoCodecs: tokens(opts.denyCodec, DEFAULT_POLICY.denyVideoCodecs),
  };
}
