import type { Command } from 'commander';

// Placeholder: `profile sync` is registered here by the sync module.
export function registerProfileSyncCommand(_profile: Command): void {}
