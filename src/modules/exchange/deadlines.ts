// Legal removal deadlines per jurisdiction, and what makes a removal request valid there. Pure. The table is a
// default for operators to check with their counsel and override in configuration, not legal advice; only the
// US entry's figures are statutory text Chainbreak was built against (TAKE IT DOWN Act, notice-and-removal
// duties in force since 19 May 2026: remove within 48 hours of a valid request and make reasonable efforts to
// remove identical copies, which the hash banks make possible).

export interface Jurisdiction {
  code: string;
  law: string;
  /** Hours from receipt of a valid request to the removal deadline. */
  hours: number;
  /** Elements a request must carry to be valid (and so to start the clock). */
  requires: RequestElement[];
  note?: string;
}

export const REQUEST_ELEMENTS = ['signature', 'content_identification', 'good_faith_statement', 'contact'] as const;
export type RequestElement = (typeof REQUEST_ELEMENTS)[number];

export const DEFAULT_JURISDICTIONS: readonly Jurisdiction[] = [
  {
    code: 'US',
    law: 'TAKE IT DOWN Act (notice and removal)',
    hours: 48,
    requires: ['signature', 'content_identification', 'good_faith_statement', 'contact'],
    note: 'also make reasonable efforts to remove identical copies',
  },
  {
    code: 'AU',
    law: 'Online Safety Act 2021 (eSafety removal notice)',
    hours: 24,
    requires: ['content_identification'],
    note: 'the clock runs from the eSafety Commissioner\'s notice',
  },
  {
    code: 'DEFAULT',
    law: 'platform policy',
    hours: 48,
    requires: ['content_identification'],
    note: 'no statutory deadline configured for this jurisdiction; the platform policy applies',
  },
];

export interface RemovalRequestInput {
  jurisdiction: string;
  /** Requester's signature (a typed full name counts as an electronic signature). */
  signature?: string;
  /** What is to be removed: content ids, URLs, PDQ or MD5 hashes. */
  content: { contentIds?: string[]; urls?: string[]; pdq?: string[]; md5?: string[] };
  goodFaithStatement?: string;
  contact?: string;
}

export class DeadlineError extends Error {
  readonly missing: RequestElement[];
  constructor(message: string, missing: RequestElement[] = []) {
    super(message);
    this.name = 'DeadlineError';
    this.missing = missing;
  }
}

export function jurisdictionFor(code: string, table: readonly Jurisdiction[] = DEFAULT_JURISDICTIONS): Jurisdiction {
  const upper = String(code ?? '').trim().toUpperCase();
  return table.find((j) => j.code === upper) ?? table.find((j) => j.code === 'DEFAULT') ?? DEFAULT_JURISDICTIONS[2];
}

/** The elements a request lacks for its jurisdiction (empty: valid, the clock starts). */
export function missingElements(input: RemovalRequestInput, jurisdiction: Jurisdiction): RequestElement[] {
  const present: Record<RequestElement, boolean> = {
    signature: typeof input.signature === 'string' && input.signature.trim().length >= 2,
    content_identification: contentCount(input.content) > 0,
    good_faith_statement: typeof input.goodFaithStatement === 'string' && input.goodFaithStatement.trim().length >= 10,
    contact: typeof input.contact === 'string' && input.contact.trim().length >= 3,
  };
  return jurisdiction.requires.filter((e) => !present[e]);
}

export function contentCount(content: RemovalRequestInput['content'] | undefined): number {
  if (!content) return 0;
  return (content.contentIds?.length ?? 0) + (content.urls?.length ?? 0) + (content.pdq?.length ?? 0) + (content.md5?.length ?? 0);
}

export function deadlineAt(receivedAt: number, jurisdiction: Jurisdiction): number {
  return receivedAt + jurisdiction.hours * 3_600_000;
}

export type ClockState = 'ok' | 'due_soon' | 'overdue' | 'met' | 'missed';

/**
 * Where a clock stands: `due_soon` in the last quarter of the window (12 h of 48), `overdue` past it while
 * open; a completed request is `met` or `missed` by when it was completed.
 */
export function clockState(receivedAt: number, deadline: number, now: number, completedAt: number | null): { state: ClockState; remainingMs: number } {
  if (completedAt != null) return { state: completedAt <= deadline ? 'met' : 'missed', remainingMs: deadline - completedAt };
  const remainingMs = deadline - now;
  if (remainingMs < 0) return { state: 'overdue', remainingMs };
  return { state: remainingMs <= (deadline - receivedAt) / 4 ? 'due_soon' : 'ok', remainingMs };
}
