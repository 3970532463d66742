import type { Command } from 'commander';
import { registerProfileSyncCommand } from './profile-sync.js';

// Placeholder: lint and fix are registered here by the profile module.
export function registerProfileCommands(program: Command): void {
  const profile = program.command('profile').description('lint, fix and maintain Jellyfin DLNA device profiles');
  registerProfileSyncCommand(profile);
}
