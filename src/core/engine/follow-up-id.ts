// Ids of follow-up events. Derived from the original event so that redoing the work after a crash produces
// the same id and the store's duplicate check drops the second result; kept within the 200-character id
// limit every stored event has.
const MAX_ID = 200;

export function followUpEventId(eventId: string, detector: string, index: number): string {
  const id = `${eventId}#${detector}.${index}`;
  if (id.length <= MAX_ID) return id;
  return `${eventId.slice(0, 150)}~${fnv1a(eventId)}#${detector.slice(0, 30)}.${index}`;
}

function fnv1a(value: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
