// Which rows of a long list to render: only those in view plus a little overscan, so 10,000 open cases
// cost the same to draw as 30.

export interface WindowRange {
  first: number;
  last: number;
  offsetTop: number;
  totalHeight: number;
}

export function visibleRange(count: number, rowHeight: number, scrollTop: number, viewportHeight: number, overscan = 8): WindowRange {
  const totalHeight = count * rowHeight;
  if (count === 0) return { first: 0, last: -1, offsetTop: 0, totalHeight };
  const top = Math.max(0, Math.min(scrollTop, Math.max(0, totalHeight - viewportHeight)));
  const first = Math.max(0, Math.floor(top / rowHeight) - overscan);
  const last = Math.min(count - 1, Math.ceil((top + viewportHeight) / rowHeight) + overscan);
  return { first, last, offsetTop: first * rowHeight, totalHeight };
}
