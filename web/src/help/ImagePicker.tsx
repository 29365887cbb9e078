// Chooses pictures, fingerprints them one by one on this device with visible progress, and shows each as a
// local thumbnail (a blob: URL that never leaves the browser) with a remove button. The parent only ever
// receives the hex digests.
import { useEffect, useRef, useState } from 'react';
import { hashImageFile, MAX_IMAGE_BYTES, type LocalImageHash } from '../lib/image-hash.ts';
import type { MessageKey } from '../lib/i18n.ts';
import type { T } from './HelpApp.tsx';

interface Item {
  id: number;
  name: string;
  /** Object URL of the picture for the thumbnail; revoked when the item is removed or the page unmounts. */
  preview?: string;
  hash?: LocalImageHash;
  error?: MessageKey;
}

export interface ImagePickerProps {
  t: T;
  id: string;
  label: string;
  max: number;
  onChange(hashes: LocalImageHash[]): void;
}

/** Lets the browser paint the progress between two pictures: PDQ runs on the main thread. */
const nextFrame = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export function ImagePicker({ t, id, label, max, onChange }: ImagePickerProps) {
  const [items, setItems] = useState<Item[]>([]);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const nextId = useRef(1);
  const live = useRef<Item[]>([]);
  live.current = items;
  useEffect(() => () => live.current.forEach((item) => item.preview && URL.revokeObjectURL(item.preview)), []);

  function update(next: Item[]) {
    setItems(next);
    onChange(next.flatMap((item) => (item.hash ? [item.hash] : [])));
  }

  async function choose(input: HTMLInputElement) {
    const files = [...(input.files ?? [])].slice(0, Math.max(0, max - items.length));
    // Clearing the input lets the same file be chosen again after it was removed.
    input.value = '';
    if (!files.length) return;
    let current = items;
    setProgress({ done: 0, total: files.length });
    for (const [index, file] of files.entries()) {
      await nextFrame();
      const item: Item = { id: nextId.current++, name: file.name };
      if (file.size > MAX_IMAGE_BYTES) item.error = 'hash_too_big';
      else {
        try {
          item.hash = await hashImageFile(file);
          item.preview = URL.createObjectURL(file);
        } catch {
          item.error = 'hash_error';
        }
      }
      current = [...current, item];
      update(current);
      setProgress({ done: index + 1, total: files.length });
    }
    setProgress(null);
  }

  function remove(item: Item) {
    if (item.preview) URL.revokeObjectURL(item.preview);
    update(items.filter((other) => other.id !== item.id));
    document.getElementById(id)?.focus();
  }

  const hashed = items.filter((item) => item.hash).length;
  return (
    <div className="image-picker">
      <label className="file-label" htmlFor={id}>
        {label}
      </label>
      <input id={id} type="file" accept="image/*" multiple disabled={progress !== null || items.length >= max} onChange={(e) => void choose(e.currentTarget)} />
      <div role="status" aria-live="polite" className="status">
        {progress && (
          <>
            <progress max={progress.total} value={progress.done} aria-label={t('hash_progress', { done: progress.done, total: progress.total })} />{' '}
            <span data-testid={`${id}-progress`}>{t('hash_progress', { done: Math.min(progress.done + 1, progress.total), total: progress.total })}</span>
          </>
        )}
        {!progress && hashed > 0 && t('hash_ready', { n: hashed })}
      </div>
      {items.length > 0 && (
        <>
          <p className="muted">{t('hash_local_note')}</p>
          <ul className="hash-list">
            {items.map((item) => (
              <li key={item.id} className="hash-item">
                {item.preview ? <img className="thumb" src={item.preview} alt={t('hash_thumb_alt', { name: item.name })} /> : <span className="thumb thumb-empty" aria-hidden="true" />}
                <span className="hash-name">{item.name}</span>
                {item.hash && (
                  <code className="hash" data-pdq={item.hash.pdq}>
                    {item.hash.pdq.slice(0, 16)}…
                  </code>
                )}
                {item.hash && item.hash.quality < 50 && <span className="warn"> {t('hash_low_quality')}</span>}
                {item.error && <span className="warn"> {t(item.error)}</span>}
                <button type="button" className="link remove" aria-label={t('remove_named', { name: item.name })} onClick={() => remove(item)}>
                  {t('remove')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
