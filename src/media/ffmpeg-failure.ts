// Turns ffmpeg's stderr from a failed NVENC encode or CUDA decode into the
// exact reason a user can act on. Pure; the patterns are the messages
// ffmpeg's nvenc/cuda code and the NVIDIA driver print.

interface Rule {
  re: RegExp;
  reason: string;
}

const RULES: Rule[] = [
  {
    re: /Unknown encoder '?h264_nvenc|Encoder h264_nvenc not found/i,
    reason: 'this ffmpeg build has no h264_nvenc encoder (built without --enable-nvenc)',
  },
  {
    re: /Cannot load libnvidia-encode\.so/i,
    reason:
      'the NVIDIA driver library libnvidia-encode.so.1 is missing: in a container, NVIDIA_DRIVER_CAPABILITIES must include "video"',
  },
  {
    re: /Cannot load libcuda\.so|Could not dynamically load CUDA|libcuda\.so\.1: cannot open/i,
    reason:
      'the NVIDIA driver (libcuda.so.1) is not available to this process: no driver, or the container was started without the NVIDIA runtime',
  },
  {
    re: /No NVENC capable devices found|unsupported device \(2\)|NV_ENC_ERR_UNSUPPORTED_DEVICE/i,
    reason: 'the GPU has no NVENC engine (data-centre GPUs such as the H100 or A100 cannot encode video)',
  },
  {
    re: /Driver does not support the required nvenc API version|minimum required Nvidia driver/i,
    reason: 'the NVIDIA driver is too old for the NVENC API this ffmpeg was built against',
  },
  {
    re: /incompatible client key \(21\)|out of memory \(10\)|OpenEncodeSessionEx failed: (?:out of memory|incompatible client key)/i,
    reason:
      "NVENC refused a new session: the GPU's concurrent encode session limit is reached (consumer GPUs allow only a few)",
  },
  {
    re: /CUDA_ERROR_NO_DEVICE|no CUDA-capable device is detected/i,
    reason: 'CUDA sees no NVIDIA GPU (no device passed to this container, or CUDA_VISIBLE_DEVICES hides it)',
  },
  {
    re: /CUDA_ERROR_INSUFFICIENT_DRIVER|CUDA driver version is insufficient/i,
    reason: 'the NVIDIA driver is too old for this CUDA runtime',
  },
  {
    re: /CUDA_ERROR_OPERATING_SYSTEM|CUDA_ERROR_NOT_PERMITTED|Permission denied.*nvidia/i,
    reason: 'access to the NVIDIA device was denied (device node permissions or container device cgroup)',
  },
  {
    re: /Failed setup for format cuda|hwaccel initiali[sz]ation returned error|Hardware is lacking required capabilities|Your platform doesn't support hardware accelerated/i,
    reason: "the GPU's decoder (NVDEC) does not support this stream",
  },
  {
    re: /Impossible to convert between the formats|Invalid input frames|hwdownload/i,
    reason: 'the frames were not decoded on the GPU (ffmpeg fell back to software decoding)',
  },
  { re: /Device creation failed|Failed to set value 'cuda=/i, reason: 'ffmpeg could not create a CUDA device' },
];

/** The first line of stderr that looks like an error, for reasons no rule knows. */
function lastErrorLine(stderr: string): string | undefined {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.reverse().find((l) => /error|fail|cannot|could not|invalid|unsupported/i.test(l)) ?? lines[0];
}

export function explainFfmpegFailure(stderr: string, code: number | null, timedOut = false): string {
  if (timedOut) return 'ffmpeg did not finish in time (the GPU or driver may be hung)';
  for (const rule of RULES) if (rule.re.test(stderr)) return rule.reason;
  const line = lastErrorLine(stderr);
  return line
    ? `ffmpeg failed (exit ${code ?? 'killed'}): ${line}`
    : `ffmpeg failed (exit ${code ?? 'killed'}) without a message`;
}
