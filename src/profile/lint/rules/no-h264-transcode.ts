// no-h264-transcode: when nothing direct-plays, StreamBuilder transcodes with
// the best-ranked Video TranscodingProfile of the request's context (DLNA:
// Streaming). Without one that produces h264 in ts or mp4, files refused by
// the policy have nothing safe to become. Audio-only profiles
// (SupportedMediaTypes without Video) are exempt: they are never sent video.
import { h264TranscodingProfiles } from '../../analysis.js';
import { listAllows } from '../../lists.js';
import type { ProfileRule } from '../types.js';
import { topLevelElement } from '../locate.js';

export const noH264Transcode: ProfileRule = {
  id: 'no-h264-transcode',
  severity: 'error',
  check(ctx) {
    if (h264TranscodingProfiles(ctx.profile).length > 0) return [];
    if (!listAllows(ctx.profile.supportedMediaTypes, 'Video')) return [];
    const at = topLevelElement(ctx.doc, 'TranscodingProfiles')?.pos ?? ctx.profile.pos;
    return [
      {
        pos: at,
        message: 'no Video TranscodingProfile (context Streaming) produces h264 in ts or mp4, so files the TV cannot play have no safe format to be transcoded to',
        hint:
          'add <TranscodingProfile container="ts" type="Video" videoCodec="h264" audioCodec="aac" context="Streaming" /> before the other Video TranscodingProfiles; ' +
          'or run `dlna-bridge profile fix`',
      },
    ];
  },
};
