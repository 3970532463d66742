// The subset of ffprobe's output the normaliser reads. Two producers feed it:
// `ffprobe -print_format json` (numbers often as strings, side data as an
// array) and fluent-ffmpeg's parser of the default text output (numeric text
// already turned into numbers, side-data keys flattened into the stream,
// "N/A" left as text). Every field is therefore typed loosely and read through
// the tolerant helpers in normalize.ts: a probe is untrusted input.

export type ProbeScalar = string | number | null | undefined;

export interface ProbeSideData {
  side_data_type?: string;
  dv_profile?: ProbeScalar;
  dv_level?: ProbeScalar;
  rpu_present_flag?: ProbeScalar;
  el_present_flag?: ProbeScalar;
  bl_present_flag?: ProbeScalar;
  dv_bl_signal_compatibility_id?: ProbeScalar;
  [key: string]: unknown;
}

export interface ProbeStream {
  index?: ProbeScalar;
  codec_name?: ProbeScalar;
  codec_type?: ProbeScalar;
  codec_tag_string?: ProbeScalar;
  profile?: ProbeScalar;
  level?: ProbeScalar;
  width?: ProbeScalar;
  height?: ProbeScalar;
  pix_fmt?: ProbeScalar;
  bits_per_sample?: ProbeScalar;
  bits_per_raw_sample?: ProbeScalar;
  sample_aspect_ratio?: ProbeScalar;
  display_aspect_ratio?: ProbeScalar;
  field_order?: ProbeScalar;
  refs?: ProbeScalar;
  is_avc?: ProbeScalar;
  r_frame_rate?: ProbeScalar;
  avg_frame_rate?: ProbeScalar;
  bit_rate?: ProbeScalar;
  sample_rate?: ProbeScalar;
  channels?: ProbeScalar;
  channel_layout?: ProbeScalar;
  color_transfer?: ProbeScalar;
  color_primaries?: ProbeScalar;
  color_space?: ProbeScalar;
  side_data_list?: ProbeSideData[];
  disposition?: Record<string, ProbeScalar>;
  tags?: Record<string, ProbeScalar>;
  [key: string]: unknown;
}

export interface ProbeFormat {
  filename?: ProbeScalar;
  format_name?: ProbeScalar;
  duration?: ProbeScalar;
  size?: ProbeScalar;
  bit_rate?: ProbeScalar;
  tags?: Record<string, ProbeScalar>;
  [key: string]: unknown;
}

export interface ProbeResult {
  streams?: ProbeStream[];
  format?: ProbeFormat;
  [key: string]: unknown;
}
