// What lint, fix and sync return: the numbers every dlna-bridge command uses
// (README "Exit codes"), named here so the profile area needs nothing of src/cli.
export const EXIT_OK = 0;
/** Findings: a profile breaks the policy. */
export const EXIT_FINDINGS = 1;
/** The command could not do its job: a file missing, unreadable, malformed or not writable. */
export const EXIT_ERROR = 2;
