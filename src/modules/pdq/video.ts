// Node adapter: frame-sampled PDQ for video files. ffmpeg (the Debian `ffmpeg` package, or the binary named
// by CHAINBREAK_FFMPEG) decodes one frame per second by default plus frames where its scene-change score
// jumps, scaled to 512x512 as the reference hasher squares large images; each frame is hashed as it arrives,
// so memory stays flat whatever the video's length.
import { spawn, spawnSync } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { pdqHashFromRgba } from './hasher.ts';
import { compareVideoHashes, type FrameHash } from './video-match.ts';

export { compareVideoHashes, type FrameHash };

const FRAME_SIDE = 512;
const FRAME_BYTES = FRAME_SIDE * FRAME_SIDE * 3;

export interface VideoOptions {
  /** Frames sampled per second (default 1). */
  fps?: number;
  /** ffmpeg scene-change score (0..1) above which a frame is also kept (default 0.3). */
  sceneThreshold?: number;
  /** Stop after this many frames (default 20 000: over five hours at 1 fps). */
  maxFrames?: number;
  /** Largest accepted file in bytes (default 4 GiB). */
  maxBytes?: number;
}

export interface VideoHashes {
  frames: FrameHash[];
  /** True when `maxFrames` cut the video short. */
  truncated: boolean;
}

export class FfmpegMissingError extends Error {
  constructor(binary: string) {
    super(`ffmpeg not found ("${binary}"): install the Debian package (apt-get install ffmpeg) or set CHAINBREAK_FFMPEG to its path`);
    this.name = 'FfmpegMissingError';
  }
}

export class VideoDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VideoDecodeError';
  }
}

export function ffmpegBinary(): string {
  return process.env.CHAINBREAK_FFMPEG || 'ffmpeg';
}

export function ffmpegAvailable(binary = ffmpegBinary()): boolean {
  const probe = spawnSync(binary, ['-version'], { stdio: 'ignore' });
  return !probe.error && probe.status === 0;
}

function filterGraph(fps: number, scene: number): string {
  // Keep the first frame, every frame at least 1/fps after the previous kept one, and scene cuts.
  const select = `select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,${1 / fps})+gt(scene\\,${scene})'`;
  return `${select},showinfo,scale=${FRAME_SIDE}:${FRAME_SIDE}:flags=area`;
}

/** Labels each frame: `interval` if it is at least one sampling period after the last interval frame. */
function labelFrames(timestamps: number[], fps: number): ('interval' | 'scene')[] {
  let lastInterval = -Infinity;
  return timestamps.map((t) => {
    if (t - lastInterval >= 1 / fps - 1e-6) {
      lastInterval = t;
      return 'interval';
    }
    return 'scene';
  });
}

export async function hashVideoFile(path: string, options: VideoOptions = {}): Promise<VideoHashes> {
  const fps = options.fps ?? 1;
  const scene = options.sceneThreshold ?? 0.3;
  const maxFrames = options.maxFrames ?? 20_000;
  const maxBytes = options.maxBytes ?? 4 * 1024 ** 3;
  if (!(fps > 0 && fps <= 60)) throw new RangeError(`fps must be above 0 and at most 60, got ${fps}`);
  const info = await stat(path).catch((e: NodeJS.ErrnoException) => {
    throw new VideoDecodeError(`cannot read ${path}: ${e.code ?? e.message}`);
  });
  if (!info.isFile()) throw new VideoDecodeError(`${path} is not a regular file`);
  if (info.size === 0) throw new VideoDecodeError(`${path} is empty (0 bytes)`);
  if (info.size > maxBytes) throw new VideoDecodeError(`${path} is ${info.size} bytes, above the ${maxBytes}-byte limit`);

  const binary = ffmpegBinary();
  const args = ['-nostdin', '-hide_banner', '-loglevel', 'info', '-i', path, '-an', '-vf', filterGraph(fps, scene), '-fps_mode', 'vfr', '-frames:v', String(maxFrames), '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const hashes: { hash: string; quality: number }[] = [];
  const timestamps: number[] = [];
  const errorTail: string[] = [];
  const frame = new Uint8Array(FRAME_BYTES);
  let filled = 0;

  child.stdout.on('data', (chunk: Buffer) => {
    let offset = 0;
    while (offset < chunk.length) {
      const n = Math.min(FRAME_BYTES - filled, chunk.length - offset);
      frame.set(chunk.subarray(offset, offset + n), filled);
      filled += n;
      offset += n;
      if (filled === FRAME_BYTES) {
        hashes.push(pdqHashFromRgba(frame, FRAME_SIDE, FRAME_SIDE, 3));
        filled = 0;
      }
    }
  });
  let stderrRest = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    const lines = (stderrRest + text).split('\n');
    stderrRest = lines.pop() ?? '';
    for (const line of lines) {
      const pts = /Parsed_showinfo.*\bpts_time:\s*([0-9.eE+-]+)/.exec(line);
      if (pts) timestamps.push(Number(pts[1]));
      else if (line.trim()) {
        errorTail.push(line.trim());
        if (errorTail.length > 5) errorTail.shift();
      }
    }
  });

  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ENOENT' ? new FfmpegMissingError(binary) : error));
    child.on('close', resolve);
  });
  if (code !== 0) throw new VideoDecodeError(`ffmpeg could not decode ${path}: ${errorTail.slice(-2).join(' | ') || `exit code ${code}`}`);
  if (hashes.length === 0) throw new VideoDecodeError(`${path} has no video frames`);
  const labels = labelFrames(timestamps.slice(0, hashes.length), fps);
  const frames = hashes.map((h, i) => ({ ...h, timestamp: timestamps[i] ?? i / fps, reason: labels[i] ?? 'interval' }));
  return { frames, truncated: hashes.length >= maxFrames };
}
