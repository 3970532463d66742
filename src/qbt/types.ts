// The parts of qBittorrent's WebUI API v2 answers this tool relies on, checked
// with zod: a server that answers something else (a proxy's HTML page, a
// future version) gets a clear error instead of undefined paths. Unknown
// fields pass through untouched; only what the relocation needs is required.
import { z } from 'zod';

export const torrentInfoSchema = z
  .object({
    hash: z.string().min(1),
    name: z.string(),
    save_path: z.string(),
    // content_path arrived with API 2.6.1 (qBittorrent 4.3.2); older servers lack it.
    content_path: z.string().optional(),
    // download_path ("incomplete torrents" folder) arrived with 4.4.
    download_path: z.string().optional(),
    state: z.string(),
    progress: z.number(),
    size: z.number().optional(),
    total_size: z.number().optional(),
    auto_tmm: z.boolean().optional(),
  })
  .passthrough();
export type TorrentInfo = z.infer<typeof torrentInfoSchema>;
export const torrentListSchema = z.array(torrentInfoSchema);

export const torrentFileSchema = z
  .object({
    name: z.string(),
    size: z.number(),
    progress: z.number(),
    priority: z.number(),
  })
  .passthrough();
export type TorrentFile = z.infer<typeof torrentFileSchema>;
export const torrentFilesSchema = z.array(torrentFileSchema);

export const preferencesSchema = z
  .object({
    save_path: z.string(),
    temp_path_enabled: z.boolean().optional(),
    temp_path: z.string().optional(),
    incomplete_files_ext: z.boolean().optional(),
  })
  .passthrough();
export type Preferences = z.infer<typeof preferencesSchema>;

/** Torrent states in which qBittorrent is moving the storage (all versions). */
export const MOVING_STATE = 'moving';
/** States that say the data is not where qBittorrent expects it, or unusable. */
export const BROKEN_STATES: ReadonlySet<string> = new Set(['missingFiles', 'error']);
