import type { Command } from 'commander';

// Placeholder: the owning module fills this in.
export function registerDemoCommand(_program: Command): void {}
