// Video similarity logic on frames generated in memory (no ffmpeg needed; the ffmpeg path is in test-system).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pdqHashFromRgba } from '../../src/modules/pdq/hasher.ts';
import { readPnm } from '../../src/modules/pdq/ppm.ts';
import { fixtureBytes } from './fixtures.ts';
import { compareVideoHashes, distinctFrames, type FrameHash } from '../../src/modules/pdq/video-match.ts';

/** Scenes are the reference's test photos; frames of a scene differ by per-pixel jitter, like re-encoding. */
const SCENES = ['labelme_q0122', 'labelme_q0291', 'labelme_q0746', 'labelme_q1050', 'labelme_q2821', 'bridge-mods_square-256x256', 'wee'].map(
  (name) => readPnm(fixtureBytes(`ppm/${name}.ppm`)),
);

function sceneFrame(scene: number, noise: number, seed: number): { hash: string; quality: number } {
  const img = SCENES[scene % SCENES.length];
  const px = Uint8Array.from(img.data);
  let x = (seed * 2654435761) >>> 0 || 1;
  if (noise) {
    for (let i = 0; i < px.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      px[i] = Math.max(0, Math.min(255, px[i] + ((x >>> 0) % (2 * noise + 1)) - noise));
    }
  }
  return pdqHashFromRgba(px, img.width, img.height, 3);
}

/** One frame per second, `perScene` seconds per scene. */
function video(scenes: number[], perScene: number, noise: number, seed: number): FrameHash[] {
  const frames: FrameHash[] = [];
  scenes.forEach((scene, s) => {
    for (let k = 0; k < perScene; k++) {
      const { hash, quality } = sceneFrame(scene, noise, seed + s * 100 + k);
      frames.push({ hash, quality, timestamp: s * perScene + k });
    }
  });
  return frames;
}

test('a re-encoded copy (noisy frames, other frame count per scene) matches 100/100', () => {
  const original = video([0, 1, 2, 3, 4, 5], 3, 0, 1);
  const copy = video([0, 1, 2, 3, 4, 5], 2, 6, 2);
  const result = compareVideoHashes(original, copy);
  assert.equal(result.a_match_percent, 100);
  assert.equal(result.b_match_percent, 100);
  assert.ok(result.pairs.length >= 6);
});

test('a clip cut from a longer video scores high on the clip side only', () => {
  const full = video([0, 1, 2, 3, 4, 5, 6], 2, 0, 3);
  const clip = video([3, 4], 2, 4, 4);
  const result = compareVideoHashes(clip, full);
  assert.equal(result.a_match_percent, 100);
  assert.ok(result.b_match_percent <= 30, `full side ${result.b_match_percent}`);
});

test('unrelated videos do not match', () => {
  const result = compareVideoHashes(video([0, 1, 2], 2, 0, 5), video([3, 4, 5], 2, 0, 6));
  assert.equal(result.a_match_percent, 0);
  assert.equal(result.b_match_percent, 0);
});

test('runs of near-identical frames and low-quality frames are dropped before comparing', () => {
  const frames = video([0, 1], 4, 2, 7);
  const flat = pdqHashFromRgba(new Uint8Array(64 * 64 * 3).fill(40), 64, 64, 3);
  const withBlank = [...frames, { ...flat, timestamp: 99 }];
  const kept = distinctFrames(withBlank, 31, 50);
  assert.equal(kept.length, 2);
  assert.deepEqual(kept.map((f) => f.timestamp), [0, 4]);
  assert.deepEqual(compareVideoHashes([], frames), { a_match_percent: 0, b_match_percent: 0, a_frames: 0, b_frames: 2, pairs: [] });
});
