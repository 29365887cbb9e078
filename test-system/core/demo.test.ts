// The README's demo, as a newcomer runs it: the CLI starts the service with simulated traffic, the
// API answers with the bootstrap key, and review cases appear.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../test/helpers/service.ts';

test('chainbreak demo serves the API with cases from simulated traffic', async () => {
  const dir = tempDir('cb-demo-');
  const child = spawn('./chainbreak', ['demo', '--port', '0', '--data-dir', dir, '--speed', '3000'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`demo did not start:\n${output}`)), 60_000);
      const poll = setInterval(() => {
        const match = output.match(/listening on (http:\/\/\S+)/);
        if (match) {
          clearInterval(poll);
          clearTimeout(timer);
          resolve(match[1]);
        }
      }, 100);
    });
    const key = readFileSync(join(dir, 'bootstrap-api-key.txt'), 'utf8').trim();
    const health = await (await fetch(`${url}/healthz`)).json();
    assert.equal(health.status, 'ok');
    const cases = (await (await fetch(`${url}/v1/cases?status=open`, { headers: { authorization: `Bearer ${key}` } })).json()).cases;
    assert.ok(cases.length >= 3, `expected open cases, got ${cases.length}`);
    const detail = await (await fetch(`${url}/v1/cases/${cases[0].id}`, { headers: { authorization: `Bearer ${key}` } })).json();
    assert.ok(detail.conversation.stages.length >= 2);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  }
});
