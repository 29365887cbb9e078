// Local servers for the guarded-fetch tests: a receiver that records every request it gets (the thing an
// attacker wants to reach: it must see nothing), and small servers that answer on purpose.
import { createServer, type IncomingHttpHeaders, type RequestListener, type Server } from 'node:http';
import type { ResolvedAddress, Resolver } from '../../../src/adapters/net/guarded-fetch.ts';

export interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

export interface Local {
  port: number;
  seen: Seen[];
  /** `http://127.0.0.1:<port>` */
  base: string;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 only; records each request before `handler` answers it. */
export async function listen(handler: RequestListener = (_req, res) => res.end('internal secret')): Promise<Local> {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    seen,
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A resolver answering from a table, counting how often each name was asked. */
export function tableResolver(table: Record<string, string[] | ((call: number) => string[])>): Resolver & { calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const resolver = async (hostname: string): Promise<ResolvedAddress[]> => {
    const call = (calls.get(hostname) ?? 0) + 1;
    calls.set(hostname, call);
    const entry = table[hostname];
    if (!entry) throw Object.assign(new Error(`no such host ${hostname}`), { code: 'ENOTFOUND' });
    const addresses = typeof entry === 'function' ? entry(call) : entry;
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolver, { calls });
}
