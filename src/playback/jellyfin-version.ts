// Which Jellyfin the decision engine mirrors. The engine is a port of
// StreamBuilder at this release and is held against that release's own unit
// tests (test/jellyfin-streambuilder/, data from the tag below).
export const JELLYFIN_VERSION = '10.11';
export const JELLYFIN_TAG = 'v10.11.11';
export const JELLYFIN_COMMIT = '1fbd8739292cce610231be93daf43368733edf63';

/** One line for play-check's output. */
export const ENGINE_MIRRORS = `Jellyfin ${JELLYFIN_VERSION} StreamBuilder (checked against Jellyfin ${JELLYFIN_TAG}'s own StreamBuilder tests)`;
