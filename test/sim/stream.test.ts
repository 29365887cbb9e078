import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChainEvent } from '../../src/core/events.ts';
import { generateTraffic } from '../../src/sim/generate.ts';
import { liveTrafficLoop, streamTraffic } from '../../src/sim/stream.ts';

const START = new Date('2026-02-01T12:00:00Z');
const events = generateTraffic({ tenant: 't', seed: 3, start: START, ordinaryUsers: 8, crews: 1, victimsPerCrew: 2 });
const spanMs = Date.parse(events.at(-1)!.time) - Date.parse(events[0].time);

test('streamTraffic replays every event in time order, scaled to real time', async () => {
  const seen: ChainEvent[] = [];
  const began = Date.now();
  // Scale the whole simulated span down to about 300 ms of real time.
  const stream = streamTraffic([...events].reverse(), { speed: spanMs / 300, onEvent: (e) => void seen.push(e) });
  await stream.done;
  const elapsed = Date.now() - began;
  assert.deepEqual(new Set(seen.map((e) => e.id)), new Set(events.map((e) => e.id)));
  assert.equal(seen.length, events.length);
  for (let i = 1; i < seen.length; i++) assert.ok(Date.parse(seen[i - 1].time) <= Date.parse(seen[i].time), 'emitted in time order');
  assert.ok(elapsed >= 250, `took ${elapsed} ms, expected about 300`);
  assert.ok(elapsed < 3000, `took ${elapsed} ms, expected about 300`);
});

test('stop() ends the stream early and done resolves', async () => {
  const seen: string[] = [];
  const stream = streamTraffic(events, { speed: spanMs / 5_000, onEvent: (e) => void seen.push(e.id) });
  await new Promise((resolve) => setTimeout(resolve, 100));
  stream.stop();
  stream.stop();
  await stream.done;
  assert.ok(seen.length > 0 && seen.length < events.length, `${seen.length} of ${events.length} emitted before stop`);
});

test('maxDelayMs caps quiet gaps and wallclock mode stamps events with the emission time', async () => {
  const two = [events[0], { ...events[1], time: new Date(Date.parse(events[0].time) + 3_600_000).toISOString() }] as ChainEvent[];
  const times: string[] = [];
  const began = Date.now();
  await streamTraffic(two, { speed: 1, maxDelayMs: 20, time: 'wallclock', onEvent: (e) => void times.push(e.time) }).done;
  assert.ok(Date.now() - began < 1000, 'an hour-long gap was capped');
  assert.ok(times.every((t) => Math.abs(Date.parse(t) - Date.now()) < 5_000), 'events carry the real time');
});

test('a failing onEvent rejects done, unless onError takes the failure and the stream goes on', async () => {
  const few = events.slice(0, 5);
  const boom = () => {
    throw new Error('consumer down');
  };
  await assert.rejects(streamTraffic(few, { speed: 1e9, onEvent: boom }).done, /consumer down/);
  const failures: string[] = [];
  await streamTraffic(few, { speed: 1e9, onEvent: boom, onError: (_, e) => void failures.push(e.id) }).done;
  assert.equal(failures.length, 5);
  assert.throws(() => streamTraffic(few, { speed: 0, onEvent: () => {} }), /speed must be a positive number/);
});

test('liveTrafficLoop keeps producing fresh batches with new ids and later times until stopped', async () => {
  const ids = new Set<string>();
  let duplicates = 0;
  let last = 0;
  let backwards = 0;
  const loop = liveTrafficLoop({
    tenant: 't',
    seed: 5,
    start: START,
    ordinaryUsers: 4,
    crews: 1,
    victimsPerCrew: 1,
    speed: 1e9,
    onEvent: (e) => {
      if (ids.has(e.id)) duplicates++;
      ids.add(e.id);
      const time = Date.parse(e.time);
      if (time < last) backwards++;
      last = time;
      if (loop.batches >= 3) loop.stop();
    },
  });
  await loop.done;
  assert.ok(loop.batches >= 3);
  assert.equal(duplicates, 0, 'ids never repeat across batches');
  assert.equal(backwards, 0, 'each batch starts after the previous one ends');
  assert.ok(ids.size > 100);
});
