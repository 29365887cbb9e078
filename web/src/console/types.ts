// Shapes of the console API responses the pages read.
import type { ApiRingGraph } from '../lib/graph-model.ts';

export interface User {
  id: string;
  username: string;
  role: 'moderator' | 'investigator' | 'admin';
  /** null: deployment-wide staff, who see every tenant's cases. */
  tenant?: string | null;
}

/** The API sends case rows exactly as the server stores them (type-only import: nothing is bundled). */
import type { CaseRow } from '../../../src/modules/console/queue.ts';
import type { AuditEntry } from '../../../src/modules/console/audit.ts';
import type { EvidenceItem } from '../../../src/modules/console/case-view.ts';

export type { AuditEntry, CaseRow, EvidenceItem };

export interface Reason {
  code: string;
  message: string;
  evidence?: Record<string, unknown>;
  spans?: { field: string; start: number; end: number; text?: string }[];
}



export interface CaseDetail {
  case: CaseRow;
  messages: { eventId: string; sender: string; time: number; text: string | null; marks: { stage: string; kind: string; start: number; end: number; message: string }[] }[];
  stages: { stage: string; at: number; eventId: string; by: string; sinceFirstContactMs: number; sincePreviousMs: number | null }[];
  suspect: { id: string; risk: number; status: string; reasons: Reason[] } | null;
  apk: EvidenceItem[];
  photos: EvidenceItem[];
  ringId: string | null;
  ring: ApiRingGraph | null;
  decisions: { eventId: string; time: number; verdict: string; rules: string[] }[];
  /** The ban in force on the suspect's ring, if any. */
  suspectRingBan: { banId: string; ringId: string; actor: string; reason: string; time: number } | null;
  enforcements: { account: string; action: string; actor: string; reason: string; time: number }[];
  audit: AuditEntry[];
}
