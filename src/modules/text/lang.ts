// A light language guess for the output and for phone-number country hints. Scripts decide for Korean,
// Japanese, Chinese, Thai and Devanagari; Latin-script chat (often code-switched, e.g. Taglish) is scored on
// frequent function words. Classification never depends on it: every language's cues run on every message.

const SCRIPT_RULES: [RegExp, string][] = [
  [/[\p{Script=Hangul}]/u, 'ko'],
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/u, 'ja'],
  [/[\p{Script=Han}]/u, 'zh'],
  [/[\p{Script=Thai}]/u, 'th'],
  [/[\p{Script=Devanagari}]/u, 'hi'],
];

const FUNCTION_WORDS: Record<string, string[]> = {
  en: ['the', 'you', 'and', 'is', 'to', 'me', 'my', 'your', 'i', 'it', 'this', 'on', 'or', 'will', 'what', 'can'],
  tl: ['ang', 'ng', 'mo', 'ko', 'sa', 'na', 'ka', 'ako', 'mga', 'yung', 'tayo', 'lang', 'naman', 'ba', 'po', 'ikaw'],
  id: ['aku', 'kamu', 'yang', 'di', 'dan', 'ini', 'itu', 'nggak', 'dong', 'ya', 'aja', 'sama', 'ke', 'sudah', 'udah', 'mau'],
  ms: ['saya', 'awak', 'tak', 'nak', 'kat', 'ni', 'tu', 'dah', 'boleh', 'la', 'jom', 'dengan', 'kalau'],
  es: ['el', 'la', 'que', 'de', 'y', 'en', 'tu', 'te', 'me', 'por', 'para', 'es', 'lo', 'mi', 'ahora'],
  fr: ['le', 'la', 'les', 'de', 'et', 'je', 'tu', 'te', 'ton', 'ta', 'est', 'pas', 'sur', 'pour', 'moi', 'un', 'une'],
  vi: ['bạn', 'mình', 'không', 'và', 'là', 'có', 'đi', 'nhé', 'này', 'cho', 'tao', 'mày', 'của'],
  'hi-Latn': ['hai', 'hain', 'karo', 'main', 'mujhe', 'tum', 'tumhe', 'tumhara', 'yeh', 'kya', 'nahi', 'aur', 'pe', 'ko', 'ke', 'se'],
};
const WORD_TO_LANGS = new Map<string, string[]>();
for (const [lang, words] of Object.entries(FUNCTION_WORDS)) {
  for (const word of words) WORD_TO_LANGS.set(word, [...(WORD_TO_LANGS.get(word) ?? []), lang]);
}
const VIETNAMESE_MARKS = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/u;

const LOOK_AT = 400;
/** Any of SCRIPT_RULES' scripts: most text has none, and then one test replaces five. */
const ANY_SCRIPT = /[\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}\p{Script=Thai}\p{Script=Devanagari}]/u;
const NON_LETTERS = /[^\p{L}]+/u;
/** No function word is longer: longer words cannot score, so they are never cut out of the text. */
const LONGEST_WORD = Math.max(...Object.values(FUNCTION_WORDS).flat().map((w) => w.length));

/**
 * The runs of [A-Za-z] of `text` up to LONGEST_WORD letters, in order: the words `text.split(/[^A-Za-z]+/)` would
 * give that can be function words, without an array or a string per word of the message.
 */
function forEachShortAsciiWord(text: string, visit: (word: string) => void): void {
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) | 0x20 : 0;
    const letter = code >= 97 && code <= 122;
    if (letter) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      if (i - start <= LONGEST_WORD) visit(text.slice(start, i));
      start = -1;
    }
  }
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** ISO 639-1 code (or `hi-Latn`), `und` when nothing points anywhere. */
export function detectLanguage(text: string): string {
  // The opening of a message says enough; long texts are not scanned to the end.
  const folded = text.length > LOOK_AT ? text.slice(0, LOOK_AT) : text;
  // ASCII text has none of these scripts or marks, and its letters are exactly [A-Za-z]: the same words come from
  // a plain split, without a Unicode property lookup per character.
  const ascii = isAscii(folded);
  if (!ascii && ANY_SCRIPT.test(folded)) for (const [script, lang] of SCRIPT_RULES) if (script.test(folded)) return lang;
  if (!ascii && VIETNAMESE_MARKS.test(folded)) return 'vi';
  const scores = new Map<string, number>();
  const count = (word: string) => {
    for (const lang of WORD_TO_LANGS.get(word) ?? []) scores.set(lang, (scores.get(lang) ?? 0) + 1);
  };
  if (ascii) forEachShortAsciiWord(folded, count);
  else for (const word of folded.split(NON_LETTERS)) count(word);
  let best = 'und';
  let bestScore = 0;
  for (const [lang, score] of scores) {
    if (score > bestScore) {
      best = lang;
      bestScore = score;
    }
  }
  return best;
}
