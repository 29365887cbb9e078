// The filter-evasion tricks seen in sextortion chats, as transformations of a message. They exist to test the
// detector (every detected message must stay detected after each) and to add hidden variants to training so
// the model has seen words glued together by collapsed spacing. Nothing here hides text from anyone.

const HOMOGLYPHS: Record<string, string> = { a: 'а', c: 'с', e: 'е', i: 'і', o: 'о', p: 'р', s: 'ѕ', x: 'х', y: 'у', j: 'ј', h: 'һ' };
const LEET: Record<string, string> = { a: '4', e: '3', i: '1', o: '0', s: '5', t: '7' };

/** Applies `transform` to the two longest letter runs, the words a filter would look for. */
function onLongestWords(text: string, transform: (word: string) => string): string {
  const words = [...new Set(text.match(/\p{L}{4,}/gu) ?? [])].sort((a, b) => b.length - a.length || a.localeCompare(b)).slice(0, 2);
  let out = text;
  for (const word of words) out = out.split(word).join(transform(word));
  return out;
}

const between = (separator: string) => (word: string) => [...word].join(separator);

export const OBFUSCATIONS: Record<string, (text: string) => string> = {
  homoglyphs: (t) => t.replace(/[a-z]/g, (c) => HOMOGLYPHS[c] ?? c),
  'zero-width insertion': (t) => [...t].join('\u200b'),
  'spaced letters': (t) => onLongestWords(t, between(' ')),
  'dotted letters': (t) => onLongestWords(t, between('.')),
  leetspeak: (t) => t.replace(/[a-z]/g, (c, i: number) => (/[a-z]/.test(t[i - 1] ?? '') ? (LEET[c] ?? c) : c)),
  'fullwidth forms': (t) => t.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
  'emoji between letters': (t) => onLongestWords(t, between('🍑')),
  // Mis-decoded Windows-1252 quotes (U+0091–U+0094) between letters, as they reach platforms in real SMS.
  'C1 controls': (t) => onLongestWords(t, between('\u0092')),
};
