// Holds the active rule file: loaded from disk, hot-reloaded when the file changes, replaced through
// the API. An invalid file never replaces a valid one; its errors are kept for the API to show.
import { readFileSync, renameSync, watchFile, unwatchFile, writeFileSync } from 'node:fs';
import type { FieldError } from '../core/events.ts';
import { parseRuleText } from '../core/rules/evaluate.ts';
import type { RuleFile } from '../core/rules/schema.ts';

export interface RulesStatus {
  path: string;
  loadedAt: number;
  version: number;
  lastError: { at: number; errors: FieldError[] } | null;
}

export class RulesHolder {
  readonly path: string;
  #rules: RuleFile;
  #text: string;
  #version = 1;
  #loadedAt = Date.now();
  #lastError: RulesStatus['lastError'] = null;
  #watching = false;
  readonly #listeners: ((rules: RuleFile) => void)[] = [];

  constructor(path: string) {
    this.path = path;
    const text = readFileSync(path, 'utf8');
    const parsed = parseRuleText(text);
    if (!parsed.ok) throw new Error(`invalid rule file ${path}: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    this.#rules = parsed.rules;
    this.#text = text;
  }

  get rules(): RuleFile {
    return this.#rules;
  }

  get text(): string {
    return this.#text;
  }

  status(): RulesStatus {
    return { path: this.path, loadedAt: this.#loadedAt, version: this.#version, lastError: this.#lastError };
  }

  onChange(listener: (rules: RuleFile) => void): void {
    this.#listeners.push(listener);
  }

  /** Re-reads the file; returns the errors when the new content is invalid (the old rules stay). */
  reload(): FieldError[] | null {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      return this.#reject([{ path: '(file)', message: `cannot read ${this.path}: ${(error as Error).message}` }]);
    }
    if (text === this.#text) return null;
    return this.#apply(text);
  }

  /** Validates and, when valid, writes the new rule text to the file atomically and activates it. */
  replace(text: string): FieldError[] | null {
    const parsed = parseRuleText(text);
    if (!parsed.ok) return parsed.errors;
    const temporary = `${this.path}.tmp-${process.pid}`;
    // 0600: the rule file names what the service looks for, which is not for other local users.
    writeFileSync(temporary, text, { mode: 0o600 });
    renameSync(temporary, this.path);
    return this.#apply(text);
  }

  watch(intervalMs = 500): void {
    if (this.#watching) return;
    this.#watching = true;
    // Polling survives editors that replace the file (rename) and network file systems, unlike fs.watch.
    watchFile(this.path, { interval: intervalMs }, () => this.reload());
    // The watcher's first stat is its baseline, taken a moment later: an edit made before it would never count as
    // a change. One read after the first interval catches it (reload ignores an unchanged text).
    setTimeout(() => {
      if (this.#watching) this.reload();
    }, intervalMs).unref();
  }

  close(): void {
    if (this.#watching) unwatchFile(this.path);
    this.#watching = false;
  }

  #apply(text: string): FieldError[] | null {
    const parsed = parseRuleText(text);
    if (!parsed.ok) return this.#reject(parsed.errors);
    this.#rules = parsed.rules;
    this.#text = text;
    this.#version += 1;
    this.#loadedAt = Date.now();
    this.#lastError = null;
    for (const listener of this.#listeners) listener(parsed.rules);
    return null;
  }

  #reject(errors: FieldError[]): FieldError[] {
    this.#lastError = { at: Date.now(), errors };
    return errors;
  }
}
