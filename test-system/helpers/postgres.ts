// Starts a throw-away PostgreSQL cluster on loopback for a system test (Debian's postgresql package).
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

function binDir(): string {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) throw new Error('PostgreSQL is not installed (Debian package "postgresql")');
  const version = readdirSync(root).sort().at(-1)!;
  return join(root, version, 'bin');
}

export interface TempPostgres {
  url: string;
  /** Stops the server but keeps its data (a database going down). */
  halt(): void;
  /** Starts it again on the same data and port. */
  resume(): void;
  stop(): void;
  /** Creates another database on this server (for a test that needs its own) and returns its URL. */
  createDatabase(name: string): Promise<string>;
}

export function startTempPostgres(port = 54_000 + Math.floor(Math.random() * 1_000)): TempPostgres {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'cb-pg-'));
  const asPostgres = (args: string[]) => {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
    const result = spawnSync('runuser', ['-u', 'postgres', '--', ...args], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${args[0]} failed: ${result.stderr}`);
  };
  asPostgres([join(bin, 'initdb'), '-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const start = () => asPostgres([join(bin, 'pg_ctl'), '-D', join(dir, 'data'), '-l', join(dir, 'log'), '-w', 'start', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`]);
  start();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    halt() {
      asPostgres([join(bin, 'pg_ctl'), '-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop']);
    },
    resume: start,
    async createDatabase(name: string) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        await admin.query(`create database ${name}`);
      } finally {
        await admin.end();
      }
      return url.replace(/\/postgres$/, `/${name}`);
    },
    stop() {
      spawnSync('runuser', ['-u', 'postgres', '--', join(bin, 'pg_ctl'), '-D', join(dir, 'data'), '-m', 'fast', '-w', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
