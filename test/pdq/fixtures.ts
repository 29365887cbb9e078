// Shared access to the PDQ reference fixtures (test/fixtures/pdq, BSD licence of facebook/ThreatExchange).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../fixtures/pdq/', import.meta.url));

export interface ReferenceRow {
  hash: string;
  quality: number;
  path: string;
}

export function referenceHashes(): ReferenceRow[] {
  return readFileSync(FIXTURES + 'reference-hashes.csv', 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [hash, quality, path] = line.split(',');
      return { hash, quality: Number(quality), path };
    });
}

export interface DihedralRow {
  hashes: string[];
  quality: number;
  path: string;
}

export function referenceDihedral(): DihedralRow[] {
  return readFileSync(FIXTURES + 'reference-dihedral.csv', 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const cols = line.split(',');
      return { hashes: cols.slice(0, 8), quality: Number(cols[8]), path: cols[9] };
    });
}

export function hashList(name: string): string[] {
  return readFileSync(FIXTURES + name, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
}

export function fixtureBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(FIXTURES + path));
}
