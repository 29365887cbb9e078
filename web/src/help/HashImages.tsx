// Hash images on the device, show the result, and send only the hex digests when the user asks.
import { useState } from 'react';
import { api } from '../lib/api.ts';
import { hashImageFile, type LocalImageHash } from '../lib/image-hash.ts';
import type { Language } from '../lib/i18n.ts';
import type { T } from './HelpApp.tsx';

type State = { phase: 'idle' } | { phase: 'working' } | { phase: 'ready' } | { phase: 'sent' } | { phase: 'error'; message: string };

export function HashImages({ t, language }: { t: T; language: Language }) {
  const [hashes, setHashes] = useState<LocalImageHash[]>([]);
  const [failed, setFailed] = useState<string[]>([]);
  const [state, setState] = useState<State>({ phase: 'idle' });

  async function choose(files: FileList | null) {
    if (!files?.length) return;
    setState({ phase: 'working' });
    const done: LocalImageHash[] = [];
    const bad: string[] = [];
    for (const file of [...files].slice(0, 50)) {
      try {
        done.push(await hashImageFile(file));
      } catch {
        bad.push(file.name);
      }
    }
    setHashes(done);
    setFailed(bad);
    setState(done.length ? { phase: 'ready' } : { phase: 'error', message: t('hash_error') });
  }

  async function send() {
    try {
      await api('POST', '/help/api/hashes', { language, hashes: hashes.map(({ pdq, md5, quality }) => ({ pdq, md5, quality })) });
      setState({ phase: 'sent' });
    } catch {
      setState({ phase: 'error', message: t('error_generic') });
    }
  }

  return (
    <section aria-labelledby="hash-title" className="card">
      <h2 id="hash-title">{t('hash_title')}</h2>
      <p>{t('hash_explain')}</p>
      <label className="file-label" htmlFor="hash-files">
        {t('hash_choose')}
      </label>
      <input id="hash-files" type="file" accept="image/*" multiple onChange={(e) => void choose(e.target.files)} />
      <div role="status" aria-live="polite" className="status">
        {state.phase === 'working' && t('hash_working')}
        {state.phase === 'ready' && t('hash_ready', { n: hashes.length })}
        {state.phase === 'sent' && t('hash_sent')}
        {state.phase === 'error' && state.message}
      </div>
      {hashes.length > 0 && (
        <ul className="hash-list">
          {hashes.map((h) => (
            <li key={h.md5 + h.name}>
              <span>{h.name}</span> <code className="hash" data-pdq={h.pdq}>{h.pdq.slice(0, 16)}…</code>
              {h.quality < 50 && <span className="warn"> {t('hash_low_quality')}</span>}
            </li>
          ))}
        </ul>
      )}
      {failed.length > 0 && (
        <p className="warn">
          {t('hash_error')} {failed.join(', ')}
        </p>
      )}
      {state.phase === 'ready' && (
        <button type="button" className="primary" onClick={() => void send()}>
          {t('hash_send')}
        </button>
      )}
    </section>
  );
}
