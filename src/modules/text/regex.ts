// A plain exec loop over a global regex. String.prototype.matchAll allocates an iterator and a regex clone per
// call, which costs about three times the matching itself on short chat messages; this is the hot path.

export function forEachMatch(pattern: RegExp, text: string, visit: (match: RegExpExecArray) => void): void {
  pattern.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    if (match[0].length === 0) pattern.lastIndex++;
    visit(match);
  }
  pattern.lastIndex = 0;
}

export function allMatches(pattern: RegExp, text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  forEachMatch(pattern, text, (m) => out.push(m));
  return out;
}
