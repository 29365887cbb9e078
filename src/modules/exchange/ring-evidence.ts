// Turns partner indicator matches into evidence records for crew linking. Two kinds:
// - `reaffirm`: a local account holds an identifier a partner flagged; the link is re-recorded with the partner
//   as its source (RingService.addLink accepts this today: same type and value, `source: partner:<id>:<package>`).
// - `partner_crew`: two local accounts hold different identifiers the partner says belong to one crew; that
//   links them although they share nothing on this platform. The ring graph has no identifier type for it yet
//   (see docs/exchange.md, "Importing into ring linking"), so these records carry type `partner_crew` and a value
//   `<partner>:<crew>` for the rings module to add.
import type { IndicatorMatch } from './partners.ts';
import { MIN_EVIDENCE_WEIGHT, STRONG_WEIGHT } from './weights.ts';

export interface RingEvidence {
  kind: 'reaffirm' | 'partner_crew';
  tenant: string;
  account: string;
  type: string;
  value: string;
  strength: 'strong' | 'weak';
  /** `partner:<id>:<package id>`: where the evidence came from, for the link's provenance. */
  source: string;
  time: number;
  partner: string;
  weight: number;
  stages: string[];
  /** The partner indicators (type and keyed hash) behind the record. */
  indicators: { type: string; hash: string }[];
}

/** The ring service's `addLink` request shape (src/modules/rings/service.ts `LinkRequest`). */
export interface RingLinkRequest {
  tenant: string;
  account: string;
  type: string;
  value: string;
  strength: 'strong' | 'weak';
  source: string;
  time: number;
}

export function ringEvidence(matches: readonly IndicatorMatch[]): RingEvidence[] {
  const out: RingEvidence[] = [];
  const usable = matches.filter((m) => m.weight >= MIN_EVIDENCE_WEIGHT);
  for (const m of usable) {
    out.push({
      kind: 'reaffirm',
      tenant: m.tenant,
      account: m.account,
      type: m.type,
      value: m.value,
      strength: m.weight >= STRONG_WEIGHT ? 'strong' : 'weak',
      source: `partner:${m.partner}:${m.packageId}`,
      time: m.lastSeen,
      partner: m.partner,
      weight: m.weight,
      stages: m.stages,
      indicators: [{ type: m.type, hash: m.hash }],
    });
  }
  // Group by (tenant, partner, crew): a crew only links accounts when it reaches at least two of them.
  const crews = new Map<string, IndicatorMatch[]>();
  for (const m of usable) {
    if (!m.crew) continue;
    const key = `${m.tenant}\n${m.partner}\n${m.crew}`;
    crews.set(key, [...(crews.get(key) ?? []), m]);
  }
  for (const members of crews.values()) {
    const accounts = [...new Set(members.map((m) => m.account))].sort();
    if (accounts.length < 2) continue;
    for (const account of accounts) {
      const mine = members.filter((m) => m.account === account);
      const weight = Math.max(...mine.map((m) => m.weight));
      out.push({
        kind: 'partner_crew',
        tenant: mine[0].tenant,
        account,
        type: 'partner_crew',
        value: `${mine[0].partner}:${mine[0].crew}`,
        strength: weight >= STRONG_WEIGHT ? 'strong' : 'weak',
        source: `partner:${mine[0].partner}:${mine[0].packageId}`,
        time: Math.max(...mine.map((m) => m.lastSeen)),
        partner: mine[0].partner,
        weight,
        stages: [...new Set(mine.flatMap((m) => m.stages))],
        indicators: mine.map((m) => ({ type: m.type, hash: m.hash })),
      });
    }
  }
  return out;
}

/** The records RingService.addLink can take as they are (reaffirmed links). */
export function linkRequests(evidence: readonly RingEvidence[]): RingLinkRequest[] {
  return evidence
    .filter((e) => e.kind === 'reaffirm')
    .map((e) => ({ tenant: e.tenant, account: e.account, type: e.type, value: e.value, strength: e.strength, source: e.source, time: e.time }));
}
