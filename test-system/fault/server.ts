// A Chainbreak server as a child process for fault tests: started on a data dir, killed with SIGKILL, restarted.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { join } from 'node:path';

export interface Server {
  url: string;
  key: string;
  child: ChildProcess;
  output(): string;
}

/** `key`: an API key that already exists in a shared store (a node after the first finds one and creates none). */
export async function startServer(dir: string, extraArgs: string[] = [], key?: string): Promise<Server> {
  const child = spawn(process.execPath, ['src/adapters/cli/main.ts', 'serve', '--port', '0', '--data-dir', dir, '--config', join(dir, 'config.json'), '--log-level', 'warn', ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const poll = setInterval(() => {
      const match = output.match(/listening on (http:\/\/\S+)/);
      if (match || child.exitCode !== null) {
        clearInterval(poll);
        clearTimeout(timer);
        if (match) resolve(match[1]);
        else reject(new Error(`server exited (${child.exitCode}):\n${output}`));
      }
    }, 50);
  });
  return { url, key: key ?? readFileSync(join(dir, 'bootstrap-api-key.txt'), 'utf8').trim(), child, output: () => output };
}

export function kill(server: Server, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    server.child.once('exit', () => resolve());
    server.child.kill(signal);
  });
}

export interface Receiver {
  url: string;
  deliveries: { body: string; signature: string }[];
  close(): Promise<void>;
}

/** A webhook receiver that keeps every delivery. */
export async function startReceiver(): Promise<Receiver> {
  const deliveries: Receiver['deliveries'] = [];
  const server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      deliveries.push({ body, signature: String(request.headers['chainbreak-signature'] ?? '') });
      response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}/hook`, deliveries, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export function writeConfig(dir: string, config: Record<string, unknown>): void {
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
}
