// What follows from a case beyond its own row: a `confirmed` verdict feeds crew scoring, and the case page says
// when the suspect's ring is banned. Kept apart from the routes so both stay small.
import type { ConsoleServices } from './index.ts';
import type { VERDICTS } from './queue.ts';
import { bannedRingOf } from './ring-bans.ts';

/** A `confirmed` verdict marks the case's suspect as confirmed bad, so its crew scores as a confirmed one. */
export async function confirmVerdict(svc: ConsoleServices, caseId: string, verdict: (typeof VERDICTS)[number], reason: string): Promise<void> {
  if (verdict !== 'confirmed' || !svc.confirmSuspect) return;
  const row = await svc.queue.get(caseId);
  if (row?.suspect_account) await svc.confirmSuspect(row.tenant, row.suspect_account, `case ${caseId} confirmed: ${reason}`);
}

/** The ban in force on the suspect's ring (the ring as the rings service sees it now), so the page says so. */
export async function activeBanOf(svc: ConsoleServices, tenant: string, ringId: string | null) {
  await svc.ringBans.load();
  const hit = bannedRingOf(ringId, svc.ringBans.banned(tenant));
  const ban = hit ? await svc.ringBans.get(hit.banId) : undefined;
  return ban ? { banId: ban.id, ringId: ban.ringId, actor: ban.actor, reason: ban.reason, time: ban.time } : null;
}
