// The last step before a ring ban: who it bans and what else it does, stated before it happens. A ring ban
// bans every account of the crew and closes their other open cases, so a moderator confirms it in a dialog
// that names the ring and its members rather than on a single click of "Apply action".
import { useEffect, useRef } from 'react';
import type { ApiRingGraph } from '../lib/graph-model.ts';

export function ringMembers(ring: ApiRingGraph | null, suspect: string | null): string[] {
  const members = (ring?.nodes ?? []).filter((n) => n.kind === 'account' && !n.label.startsWith('victim-report:')).map((n) => n.label);
  return members.length ? members : suspect ? [suspect] : [];
}

export function BanDialog({ ringId, members, reason, onConfirm, onCancel }: { ringId: string | null; members: string[]; reason: string; onConfirm: () => void; onCancel: () => void }) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  // Focus starts on Cancel: the destructive choice is never the one a stray Enter makes.
  useEffect(() => cancelRef.current?.focus(), []);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && onCancel();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCancel]);
  const shown = members.slice(0, 12);
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="ban-title" aria-describedby="ban-what" data-testid="ban-dialog">
      <div className="card dialog">
        <h2 id="ban-title">Ban ring {ringId ?? ''}?</h2>
        <p id="ban-what">
          This bans {members.length} {members.length === 1 ? 'account' : 'accounts'}, closes their other open cases with this reason, and bans
          accounts that join the ring later. It can be undone from the ring panel.
        </p>
        <ul className="ban-members">
          {shown.map((m) => (
            <li key={m}>{m}</li>
          ))}
          {members.length > shown.length && <li>… and {members.length - shown.length} more</li>}
        </ul>
        <p>
          Reason: <q>{reason}</q>
        </p>
        <button type="button" className="danger" onClick={onConfirm}>
          Ban {members.length} {members.length === 1 ? 'account' : 'accounts'}
        </button>{' '}
        <button type="button" ref={cancelRef} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
