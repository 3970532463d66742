import { describe, expect, it } from 'vitest';
import { gpuCheck, formatGpuReport, type GpuCheckIO } from '../../src/gpu/gpu-check.js';
import type { CommandResult } from '../../src/media/command-runner.js';
import { explainFfmpegFailure } from '../../src/media/ffmpeg-failure.js';
import { probeNvenc } from '../../src/media/encoder-detect.js';
import type { MediaFacts } from '../../src/media/facts.js';

type Reply = Partial<CommandResult>;

/** Recorded command results, chosen by what the command line contains. */
function fakeIO(opts: {
  devices: string[];
  smi?: Reply;
  encoders?: string;
  decode?: Reply;
  encode?: Reply;
  pipeline?: Reply;
  ffmpegMissing?: boolean;
  producedCodec?: string;
}): GpuCheckIO & { calls: string[] } {
  const calls: string[] = [];
  const ok = (r: Reply = {}): CommandResult => ({ code: 0, stdout: '', stderr: '', ms: 10, ...r });
  return {
    calls,
    workDir: '/tmp/fake',
    nvidiaDeviceNodes: async () => opts.devices,
    probe: async (file: string): Promise<MediaFacts> => ({
      path: file,
      container: 'ts',
      isAudioOnly: false,
      video: {
        index: 0,
        codec: opts.producedCodec ?? 'h264',
        isInterlaced: false,
        videoRange: 'SDR',
        videoRangeType: 'SDR',
        isDefault: true,
      },
      audio: [],
      subtitles: [],
      videoStreamCount: 1,
    }),
    run: async (cmd, args) => {
      const line = [cmd, ...args].join(' ');
      calls.push(line);
      if (cmd === 'nvidia-smi')
        return opts.smi
          ? ok(opts.smi)
          : { code: null, stdout: '', stderr: 'spawn nvidia-smi ENOENT', missing: true, ms: 1 };
      if (opts.ffmpegMissing) return { code: null, stdout: '', stderr: 'spawn ffmpeg ENOENT', missing: true, ms: 1 };
      if (line.includes('-version')) return ok({ stdout: 'ffmpeg version 6.1 Copyright (c) 2000-2023\n' });
      if (line.includes('-encoders'))
        return ok({ stdout: opts.encoders ?? ' V....D h264_nvenc  NVIDIA NVENC H.264 encoder\n' });
      if (line.includes('libx265')) return ok(); // clip generation on the CPU
      if (line.includes('hwdownload')) return ok(opts.decode);
      if (line.includes('h264_nvenc') && line.includes('testsrc2')) return ok(opts.encode);
      if (line.includes('-codec:v:0')) return ok({ ms: 5000, ...opts.pipeline });
      return ok(); // decodability check of the pipeline output
    },
  };
}

const LIBCUDA =
  '[h264_nvenc @ 0x55d0] Cannot load libcuda.so.1\nError initializing output stream 0:0 -- Error while opening encoder';
const H100 =
  '[h264_nvenc @ 0x5600] OpenEncodeSessionEx failed: unsupported device (2): (no details)\n[h264_nvenc @ 0x5600] No capable devices found\nError initializing output stream 0:0';

describe('gpu-check (recorded command results)', () => {
  it('no GPU (this CI machine): says so, gives the exact reason and the libx264 fallback, nvencWorks false', async () => {
    const report = await gpuCheck(
      fakeIO({ devices: [], decode: { code: 1, stderr: LIBCUDA }, encode: { code: 1, stderr: LIBCUDA } }),
    );
    expect(report.nvencWorks).toBe(false);
    expect(report.steps.find((s) => s.id === 'devices')).toMatchObject({ status: 'fail' });
    expect(report.summary).toMatch(/does NOT work.*no NVIDIA GPU is present.*libcuda\.so\.1.*libx264 on the CPU/);
    expect(formatGpuReport(report)).toMatch(/FAIL nvenc-encode: .*libcuda/);
  });

  it('an H100 (NVDEC, no NVENC engine): decode passes, the encode fails with "no NVENC engine", even though ffmpeg lists h264_nvenc', async () => {
    const report = await gpuCheck(
      fakeIO({
        devices: ['nvidia0', 'nvidia-uvm', 'nvidiactl'],
        smi: { stdout: 'NVIDIA H100 80GB HBM3, 550.54.15, 81559 MiB\n' },
        encode: { code: 1, stderr: H100 },
      }),
    );
    expect(report.nvencWorks).toBe(false);
    expect(report.steps.find((s) => s.id === 'cuda-decode-hevc-10bit')?.status).toBe('pass');
    expect(report.steps.find((s) => s.id === 'encoder-list')?.detail).toMatch(/not proof/);
    expect(report.steps.find((s) => s.id === 'nvenc-encode')?.detail).toMatch(
      /no NVENC engine \(data-centre GPUs such as the H100/,
    );
    expect(report.steps.find((s) => s.id === 'driver')?.detail).toMatch(/H100/);
  });

  it('a working GPU: every step passes and the ffprobe read-back says H.264', async () => {
    const io = fakeIO({
      devices: ['nvidia0', 'nvidiactl'],
      smi: { stdout: 'NVIDIA GeForce RTX 3060, 550.54, 12288 MiB' },
    });
    const report = await gpuCheck(io);
    expect(report.nvencWorks).toBe(true);
    expect(report.steps.filter((s) => s.status === 'fail')).toEqual([]);
    expect(report.summary).toMatch(/works/);
    // decode test downloads frames from the GPU, so a silent software fallback cannot pass
    expect(io.calls.find((c) => c.includes('hwdownload,format=p010le'))).toContain(
      '-hwaccel cuda -hwaccel_output_format cuda',
    );
  });

  it('a 10-bit HEVC decode failure is reported with the software-decode fallback', async () => {
    const report = await gpuCheck(
      fakeIO({
        devices: ['nvidia0', 'nvidiactl'],
        decode: {
          code: 1,
          stderr:
            '[hevc @ 0x1] Hardware is lacking required capabilities\n[hevc @ 0x1] Failed setup for format cuda: hwaccel initialisation returned error.',
        },
      }),
    );
    const step = report.steps.find((s) => s.id === 'cuda-decode-hevc-10bit')!;
    expect(step.status).toBe('fail');
    expect(step.fallback).toMatch(/software decoding/);
  });

  it('an encode that "succeeds" but writes something that is not H.264 does not count as working', async () => {
    const report = await gpuCheck(fakeIO({ devices: ['nvidia0', 'nvidiactl'], producedCodec: 'mpeg2video' }));
    expect(report.nvencWorks).toBe(false);
  });

  it('--run-seconds: runs the planned NVENC pipeline (cuda decode, scale_cuda, h264_nvenc, mpegts) and reports x real time', async () => {
    const io = fakeIO({ devices: ['nvidia0', 'nvidiactl'], pipeline: { ms: 2500 } });
    const report = await gpuCheck(io, { runSeconds: 10 });
    expect(report.pipeline).toMatchObject({ encoder: 'h264_nvenc', clipSeconds: 10, wallSeconds: 2.5, speed: 4 });
    const cmd = report.pipeline!.command.join(' ');
    expect(cmd).toContain(
      '-init_hw_device cuda=cu:0 -filter_hw_device cu -hwaccel cuda -hwaccel_output_format cuda -noautorotate',
    );
    expect(cmd).toMatch(/-codec:v:0 h264_nvenc -preset p1 -b:v (\d+) -maxrate \1 -bufsize \d+/);
    expect(cmd).toContain('scale_cuda=');
    expect(cmd).toContain('-f mpegts');
    expect(report.steps.find((s) => s.id === 'pipeline')).toMatchObject({ status: 'pass' });
  });

  it('--run-seconds without NVENC runs the libx264 fallback and says so', async () => {
    const report = await gpuCheck(
      fakeIO({ devices: [], encode: { code: 1, stderr: LIBCUDA }, decode: { code: 1, stderr: LIBCUDA } }),
      { runSeconds: 2 },
    );
    expect(report.pipeline?.encoder).toBe('libx264');
    expect(report.steps.find((s) => s.id === 'pipeline')?.detail).toMatch(/libx264 \(fallback, no NVENC\)/);
  });

  it('ffmpeg missing: stops with a clear reason', async () => {
    const report = await gpuCheck(fakeIO({ devices: [], ffmpegMissing: true }));
    expect(report.nvencWorks).toBe(false);
    expect(report.summary).toMatch(/ffmpeg is missing/);
  });
});

describe('NVENC/CUDA failure reasons', () => {
  it.each([
    ["Unknown encoder 'h264_nvenc'", /built without --enable-nvenc/],
    ['Cannot load libnvidia-encode.so.1', /NVIDIA_DRIVER_CAPABILITIES must include "video"/],
    ['Cannot load libcuda.so.1', /libcuda\.so\.1/],
    ['No NVENC capable devices found', /no NVENC engine/],
    ['Driver does not support the required nvenc API version. Required: 12.1 Found: 11.0', /driver is too old/],
    ['OpenEncodeSessionEx failed: incompatible client key (21)', /session limit/],
    ['cu->cuInit(0) failed -> CUDA_ERROR_NO_DEVICE: no CUDA-capable device is detected', /CUDA sees no NVIDIA GPU/],
    ['something odd happened\nConversion failed!', /ffmpeg failed \(exit 1\): Conversion failed!/],
  ])('%s', (stderr, expected) => {
    expect(explainFfmpegFailure(stderr, 1)).toMatch(expected);
  });

  it('encoder detection: a tiny real encode decides, and its failure reason is kept', async () => {
    const fail = await probeNvenc(async () => ({ code: 1, stdout: '', stderr: LIBCUDA, ms: 5 }));
    expect(fail).toEqual({ encoder: 'libx264', nvencUnavailable: expect.stringMatching(/libcuda/) });
    const ok = await probeNvenc(async () => ({ code: 0, stdout: '', stderr: '', ms: 5 }));
    expect(ok).toEqual({ encoder: 'h264_nvenc' });
  });
});
