// Why the demo cannot start on this machine. Steps that misbehave once it runs
// are findings the narrator prints, not errors.
import { DlnaBridgeError } from '../util/errors.js';

/** Not root: the demo creates network namespaces. */
export class DemoNeedsRootError extends DlnaBridgeError {
  readonly code = 'DEMO_NEEDS_ROOT';
  override readonly kind = 'environment';
}

/** A tool the demo runs (ip, minidlnad, ffmpeg, ffprobe, curl) is not installed. */
export class DemoToolsMissingError extends DlnaBridgeError {
  readonly code = 'DEMO_TOOLS_MISSING';
  override readonly kind = 'environment';
  constructor(readonly missing: string[]) {
    super(
      `missing ${missing.join(', ')} (Debian: ffmpeg minidlna iproute2 curl; scripts/install-deps.sh installs them)`,
    );
  }
}
