// Needs the Debian package `ffmpeg` (apt-get install ffmpeg). Videos are generated here from ffmpeg's own
// test sources, so no video fixtures are stored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareVideoHashes, ffmpegAvailable, FfmpegMissingError, hashVideoFile, VideoDecodeError } from '../../src/modules/pdq/video.ts';

let dir = '';

function ffmpeg(args: string[]): void {
  const r = spawnSync('ffmpeg', ['-v', 'error', '-y', ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

before(() => {
  assert.ok(ffmpegAvailable(), 'ffmpeg is required for these tests: apt-get install ffmpeg');
  dir = mkdtempSync(join(tmpdir(), 'pdq-video-'));
  // 2.5 s of test pattern, then 3 s of a different picture: one scene cut between sampling points.
  ffmpeg([
    '-f', 'lavfi', '-i', 'testsrc=duration=6:size=320x240:rate=25',
    '-f', 'lavfi', '-i', 'mandelbrot=size=320x240:rate=25',
    '-filter_complex', '[0:v]trim=0:2.5,setpts=PTS-STARTPTS[a];[1:v]trim=0:3,setpts=PTS-STARTPTS[b];[a][b]concat=n=2:v=1[v]',
    '-map', '[v]', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', join(dir, 'original.mp4'),
  ]);
  // The same video re-encoded smaller with another codec, and an unrelated one.
  ffmpeg(['-i', join(dir, 'original.mp4'), '-vf', 'scale=160:120', '-c:v', 'mpeg4', '-q:v', '8', join(dir, 'copy.avi')]);
  ffmpeg(['-f', 'lavfi', '-i', 'life=size=320x240:rate=25:mold=10:ratio=0.3', '-t', '5', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', join(dir, 'other.mp4')]);
  writeFileSync(join(dir, 'broken.mp4'), 'this is not a video');
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('one frame per second plus the scene cut, with timestamps', async () => {
  const { frames, truncated } = await hashVideoFile(join(dir, 'original.mp4'));
  assert.equal(truncated, false);
  assert.deepEqual(frames.map((f) => f.reason), ['interval', 'interval', 'interval', 'scene', 'interval', 'interval']);
  assert.ok(Math.abs(frames[3].timestamp - 2.5) < 0.1);
  for (const f of frames) assert.match(f.hash, /^[0-9a-f]{64}$/);
});

test('a re-encoded copy matches fully; an unrelated video does not', async () => {
  const [a, b, c] = await Promise.all(['original.mp4', 'copy.avi', 'other.mp4'].map((n) => hashVideoFile(join(dir, n))));
  const same = compareVideoHashes(a.frames, b.frames);
  assert.equal(same.a_match_percent, 100);
  assert.equal(same.b_match_percent, 100);
  const different = compareVideoHashes(a.frames, c.frames);
  assert.equal(different.a_match_percent, 0);
});

test('broken, empty and missing files and a missing ffmpeg are clear errors', async () => {
  await assert.rejects(hashVideoFile(join(dir, 'broken.mp4')), VideoDecodeError);
  writeFileSync(join(dir, 'empty.mp4'), '');
  await assert.rejects(hashVideoFile(join(dir, 'empty.mp4')), /empty/);
  await assert.rejects(hashVideoFile(join(dir, 'nope.mp4')), /cannot read/);
  const saved = process.env.CHAINBREAK_FFMPEG;
  process.env.CHAINBREAK_FFMPEG = join(dir, 'no-such-ffmpeg');
  try {
    await assert.rejects(hashVideoFile(join(dir, 'original.mp4')), FfmpegMissingError);
  } finally {
    if (saved === undefined) delete process.env.CHAINBREAK_FFMPEG;
    else process.env.CHAINBREAK_FFMPEG = saved;
  }
});
