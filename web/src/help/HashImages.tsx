// Hash images on the device, show them as local thumbnails, and send only the hex digests when the user asks.
import { useState } from 'react';
import { api, ApiError } from '../lib/api.ts';
import type { LocalImageHash } from '../lib/image-hash.ts';
import type { Language } from '../lib/i18n.ts';
import { errorKey } from './errors.ts';
import type { T } from './HelpApp.tsx';
import { ImagePicker } from './ImagePicker.tsx';

type State = { phase: 'idle' } | { phase: 'sending' } | { phase: 'sent'; count: number } | { phase: 'error'; error: unknown };

export function HashImages({ t, language }: { t: T; language: Language }) {
  const [hashes, setHashes] = useState<LocalImageHash[]>([]);
  const [state, setState] = useState<State>({ phase: 'idle' });

  async function send() {
    setState({ phase: 'sending' });
    try {
      await api('POST', '/help/api/hashes', { language, hashes: hashes.map(({ pdq, md5, quality }) => ({ pdq, md5, quality })) });
      setState({ phase: 'sent', count: hashes.length });
    } catch (error) {
      setState({ phase: 'error', error });
    }
  }

  return (
    <section aria-labelledby="hash-title" className="card">
      <h2 id="hash-title">{t('hash_title')}</h2>
      <p>{t('hash_explain')}</p>
      <ImagePicker
        t={t}
        id="hash-files"
        label={t('hash_choose')}
        max={50}
        onChange={(next) => {
          setHashes(next);
          setState({ phase: 'idle' });
        }}
      />
      <div role="status" aria-live="polite" className="status">
        {state.phase === 'sent' && t('hash_sent')}
      </div>
      {state.phase === 'error' && (
        <p role="alert" className="error">
          {t(errorKey(state.error instanceof ApiError ? state.error : undefined))}
        </p>
      )}
      {hashes.length > 0 && state.phase !== 'sent' && (
        <button type="button" className="primary" disabled={state.phase === 'sending'} onClick={() => void send()}>
          {t('hash_send')}
        </button>
      )}
    </section>
  );
}
