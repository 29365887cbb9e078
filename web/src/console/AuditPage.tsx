// The append-only audit log, newest first, with the chain check for admins.
import { useEffect, useState } from 'react';
import { api, ApiError } from '../lib/api.ts';
import type { AuditEntry, User } from './types.ts';
import { can } from '../../../src/modules/console/permissions.ts';

export function AuditPage({ user }: { user: User }) {
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [chain, setChain] = useState<string | null>(null);
  useEffect(() => {
    void api<{ entries: AuditEntry[] }>('GET', '/console/api/audit?limit=200').then((r) => setEntries(r.entries));
  }, []);
  async function verify() {
    try {
      const r = await api<{ ok: boolean; entries?: number; brokenAt?: number; problem?: string }>('GET', '/console/api/audit/verify');
      setChain(r.ok ? `Chain intact: ${r.entries} entries.` : `Chain broken at entry ${r.brokenAt}: ${r.problem}`);
    } catch (e) {
      setChain(e instanceof ApiError ? e.message : 'check failed');
    }
  }
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      {can(user.role, 'verifyAudit') && (
        <button type="button" onClick={() => void verify()}>
          Verify hash chain
        </button>
      )}
      <p role="status">{chain}</p>
      <AuditTable entries={entries} />
    </section>
  );
}

export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  return (
    <table className="audit" data-testid="audit-table">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Time</th>
          <th scope="col">Who</th>
          <th scope="col">Action</th>
          <th scope="col">Target</th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.seq} data-action={e.action}>
            <td>{e.seq}</td>
            <td>{new Date(e.time).toLocaleString()}</td>
            <td>
              {e.actor} ({e.role})
            </td>
            <td>{e.action}</td>
            <td>
              {e.targetType} {e.targetId}
            </td>
            <td>{e.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
