// What stops `discover` before it hears anything. Warnings about single
// servers are results, not errors (format.ts prints them).
import { DlnaBridgeError } from '../util/errors.js';

/** The interface to search on does not exist, has no IPv4, or none was named and there is no default route. */
export class DiscoverInterfaceError extends DlnaBridgeError {
  readonly code = 'DISCOVER_INTERFACE_UNUSABLE';
}

/** The search socket could not be opened, or M-SEARCH could not be sent on it. */
export class DiscoverSocketError extends DlnaBridgeError {
  readonly code = 'DISCOVER_SOCKET_FAILED';
  override readonly kind = 'environment';
}
