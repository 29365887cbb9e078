// Quick exit: a button on every view and the Escape key. Someone may walk in on the victim: the page empties
// itself at once (so nothing is left on screen while the next site loads) and replaces its own history entry
// with an ordinary site, so Back does not bring the help page back. Entries from before the help page are not
// the page's to touch; the answers were never stored anywhere, so nothing else needs clearing.
import { useEffect } from 'react';
import type { T } from './HelpApp.tsx';

export const DEFAULT_EXIT_URL = 'https://www.google.com/';

export function leaveNow(url: string): void {
  document.title = '';
  document.body.replaceChildren();
  window.location.replace(url);
}

export function QuickExit({ t, url }: { t: T; url: string }) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      // Escape also ends an input-method composition (Japanese, Chinese, Korean): that one is not a request to leave.
      if (event.key !== 'Escape' || event.isComposing) return;
      event.preventDefault();
      leaveNow(url);
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [url]);
  return (
    <div className="quick-exit">
      <button type="button" className="quick-exit-button" onClick={() => leaveNow(url)} aria-describedby="quick-exit-hint">
        {t('quick_exit')}
      </button>
      <span id="quick-exit-hint" className="muted quick-exit-hint">
        {t('quick_exit_hint')}
      </span>
    </div>
  );
}
