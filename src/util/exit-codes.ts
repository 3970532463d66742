// The exit codes every dlna-bridge command returns (README "Exit codes"): one
// table for the commands' run() functions and the CLI that passes them on.
export const EXIT_OK = 0;
/** Findings, failed checks, or a file that would reach the TV in a denied format. */
export const EXIT_FINDINGS = 1;
/** Usage errors, I/O errors, parse errors: the command could not do its job. */
export const EXIT_ERROR = 2;
/** Stopped by Ctrl-C or a second signal: the shell's code for "killed by SIGINT". */
export const EXIT_INTERRUPTED = 130;
