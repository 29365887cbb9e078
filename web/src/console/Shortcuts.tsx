// Single-key shortcuts for the console pages, ignored while typing in a field, and the help overlay
// that lists them (a modal dialog: focus moves into it, Escape closes it).
import { useEffect, useRef } from 'react';

export function useShortcuts(keys: Record<string, () => void>): void {
  const ref = useRef(keys);
  ref.current = keys;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      const typing = !!target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
      if (typing && event.key !== 'Escape') return;
      // Enter on a focused link or button keeps its own meaning.
      if (event.key === 'Enter' && target && ['A', 'BUTTON'].includes(target.tagName)) return;
      const action = ref.current[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function ShortcutHelp({ title, shortcuts, onClose }: { title: string; shortcuts: [string, string][]; onClose: () => void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => closeRef.current?.focus(), []);
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="shortcut-title" data-testid="shortcut-help">
      <div className="card dialog">
        <h2 id="shortcut-title">{title}</h2>
        <table>
          <tbody>
            {shortcuts.map(([key, what]) => (
              <tr key={key}>
                <th scope="row">
                  <kbd>{key}</kbd>
                </th>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" ref={closeRef} onClick={onClose}>
          Close (Esc)
        </button>
      </div>
    </div>
  );
}
