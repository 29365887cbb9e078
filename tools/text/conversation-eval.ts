// `chainbreak text eval-conversations`: whole conversations built from real lines (conversation-build.ts)
// go through the real ingest service — validation, engine, rules, store — exactly as a platform's
// `POST /v1/events/batch` would send them, and the decisions are scored per conversation:
//   warned before the app  — the target got a warning on or before the message that pushes the app;
//   case by the threat     — a review case was opened on or before the first threat;
//   ordinary intervened    — any enforced action in an ordinary conversation or on its people.
// Acts come from the shipped text detector, or (`--acts oracle`) from the corpus labels of each line,
// which isolates the chain logic and the rules from the per-message detector. Never prints a line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChainbreak } from '../../src/app.ts';
import { MAX_BATCH } from '../../src/app/ingest.ts';
import { loadConfig } from '../../src/config.ts';
import type { Detector } from '../../src/core/detector.ts';
import type { DecidedAction } from '../../src/core/engine/decision.ts';
import { EMPTY_DETECTION, TEXT_LABELS, type Signal, type TextLabel } from '../../src/core/signals.ts';
import { createApkDetector } from '../../src/modules/apk/index.ts';
import { createPdqDetector } from '../../src/modules/pdq/detector.ts';
import { hashLabel } from '../../src/core/random.ts';
import { buildTraffic, type BuiltConversation, type BuiltTraffic } from './conversation-build.ts';
import { describePools, loadLinePools, type Split } from './conversation-lines.ts';
import { outOfFoldTextDetector, type OutOfFoldInfo } from './conversation-cv.ts';

export type ActsMode = 'detector' | 'oracle';

export interface ConversationEvalOptions {
  split: Split;
  acts: ActsMode;
  seed: number;
  scam: number;
  ordinary: number;
  /** A candidate rule file instead of rules/default.yaml. */
  rulesFile?: string;
  /** Oracle mode: the score of every act (default ORACLE_SCORE) and the share of acts kept (default 1). */
  oracleScore?: number;
  oracleRecall?: number;
  /** Leave crew linking out (a diagnostic: how much of the result comes from ring links). */
  noRings?: boolean;
  /** Dev only: read each line with a model trained without its family's fold (K folds), not the shipped model. */
  cv?: number;
}

interface Rate {
  hits: number;
  total: number;
}

export interface ConversationReport {
  split: Split;
  acts: ActsMode;
  seed: number;
  oracle: { score: number; recall: number } | null;
  /** Out-of-fold acts (`--cv`): how many folds and families, and the texts read in-sample anyway. */
  cv: OutOfFoldInfo | null;
  rings: boolean;
  warnedBeforeApp: Rate;
  warnedStrictlyBeforeApp: Rate;
  lureFromRealLine: number;
  caseByThreat: Rate;
  scamWithAnyIntervention: Rate;
  ordinaryIntervened: Rate;
  ordinaryRealOnlyIntervened: Rate;
  ordinaryWrittenIntervened: Rate;
  ordinaryEstablishedIntervened: Rate;
  /** Per-message acts on the scam stage messages: how often the label of the line was seen. */
  actsSeen: Record<TextLabel, Rate>;
  /** Rules behind the interventions in ordinary conversations: how many conversations each touched. */
  ordinaryRules: Record<string, number>;
  pools: string[];
  used: Record<string, { lines: number; sources: number }>;
  events: number;
  notes: string[];
}

/** Acts read from the corpus labels of each message's line, at a deliberately middling score. */
export const ORACLE_SCORE = 0.6;

/**
 * Acts from the corpus labels. `recall` below 1 drops that share of acts, chosen by a hash of the event
 * id and label (the same acts on every run), to see how the chain copes with a detector that misses some.
 */
function oracleDetector(acts: Map<string, TextLabel[]>, score: number, recall: number): Detector {
  return {
    name: 'text',
    eventTypes: ['message.sent'],
    detect(event) {
      const labels = acts.get(event.id)?.filter((label) => hashLabel(`${event.id}:${label}`) / 0x1_0000_0000 < recall);
      if (!labels?.length) return EMPTY_DETECTION;
      const signals: Signal[] = labels.map((label) => ({
        detector: 'text',
        kind: `text.${label}`,
        stage: label,
        score,
        reasons: [{ code: 'oracle_act', message: `the corpus labels this line ${label}` }],
      }));
      return { signals, identifiers: [] };
    },
  };
}

export async function runConversationEval(options: ConversationEvalOptions): Promise<ConversationReport> {
  const pools = loadLinePools(options.split);
  const traffic = buildTraffic(pools, { seed: options.seed, scam: options.scam, ordinary: options.ordinary });
  const dir = mkdtempSync(join(tmpdir(), 'chainbreak-conv-eval-'));
  const outOfFold = options.cv && options.acts === 'detector' ? outOfFoldTextDetector(pools, options.cv) : null;
  const textDetector = options.acts === 'oracle' ? oracleDetector(traffic.acts, options.oracleScore ?? ORACLE_SCORE, options.oracleRecall ?? 1) : outOfFold?.detector;
  const detectors = textDetector ? [textDetector, createApkDetector({ fetchLinks: false }), createPdqDetector({ lookup: async () => [] } as never)] : undefined;
  const config = loadConfig(undefined, { dataDir: dir, sqliteSync: 'normal', logLevel: 'silent', detectorThreads: 0, bootstrapKey: false, rulesFile: options.rulesFile });
  const cb = await createChainbreak(config, { background: false, detectors, ...(options.noRings ? { linker: { observe: () => ({ signals: [], changes: [] }), recordFacts: () => [] } } : {}) });
  const decisions = new Map<string, { actions: DecidedAction[]; kinds: Set<string> }>();
  try {
    for (let i = 0; i < traffic.events.length; i += MAX_BATCH) {
      for (const result of await cb.ingest.ingest(traffic.events.slice(i, i + MAX_BATCH))) {
        decisions.set(result.event_id, { actions: result.decision.actions, kinds: new Set(result.decision.signals.map((s) => s.kind)) });
      }
    }
  } finally {
    await cb.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return score(options, traffic, decisions, describePools(pools), pools.notes, outOfFold?.info ?? null);
}

function score(
  options: ConversationEvalOptions,
  traffic: BuiltTraffic,
  decisions: Map<string, { actions: DecidedAction[]; kinds: Set<string> }>,
  pools: string[],
  notes: string[],
  cv: OutOfFoldInfo | null,
): ConversationReport {
  const order = new Map(traffic.events.map((e, i) => [e.id, i]));
  const byConversation = new Map<string, string[]>();
  const byAccount = new Map<string, string[]>();
  for (const event of traffic.events) {
    if ('conversation_id' in event && event.conversation_id) push(byConversation, event.conversation_id, event.id);
    else if (event.type === 'account.created' || event.type === 'account.updated') push(byAccount, event.account.id, event.id);
    else if (event.type === 'connection.requested' || event.type === 'connection.accepted') for (const id of [event.from, event.to]) push(byAccount, id, event.id);
  }
  const rate = (): Rate => ({ hits: 0, total: 0 });
  const report: ConversationReport = {
    split: options.split,
    acts: options.acts,
    seed: options.seed,
    oracle: options.acts === 'oracle' ? { score: options.oracleScore ?? ORACLE_SCORE, recall: options.oracleRecall ?? 1 } : null,
    cv,
    rings: !options.noRings,
    warnedBeforeApp: rate(),
    warnedStrictlyBeforeApp: rate(),
    lureFromRealLine: 0,
    caseByThreat: rate(),
    scamWithAnyIntervention: rate(),
    ordinaryIntervened: rate(),
    ordinaryRealOnlyIntervened: rate(),
    ordinaryWrittenIntervened: rate(),
    ordinaryEstablishedIntervened: rate(),
    actsSeen: Object.fromEntries(TEXT_LABELS.map((l) => [l, rate()])) as unknown as Record<TextLabel, Rate>,
    ordinaryRules: {},
    pools,
    used: Object.fromEntries([...traffic.used].map(([pool, lines]) => [pool, { lines: lines.size, sources: new Set([...lines].map((l) => l.split('\u0000')[0])).size }])),
    events: traffic.events.length,
    notes,
  };
  const actionsUpTo = (conversation: BuiltConversation, limit: number, predicate: (a: DecidedAction) => boolean) =>
    (byConversation.get(conversation.id) ?? []).some((id) => order.get(id)! <= limit && (decisions.get(id)?.actions ?? []).some(predicate));
  for (const conversation of traffic.conversations) {
    const events = [...(byConversation.get(conversation.id) ?? []), ...conversation.participants.flatMap((p) => byAccount.get(p) ?? [])];
    const actions = events.flatMap((id) => decisions.get(id)?.actions ?? []);
    if (conversation.kind === 'scam') {
      tally(report.scamWithAnyIntervention, actions.length > 0);
      const warn = (a: DecidedAction) => a.type === 'warn_recipient' && a.target.id === conversation.victim;
      if (conversation.lureEvent) {
        const at = order.get(conversation.lureEvent)!;
        tally(report.warnedBeforeApp, actionsUpTo(conversation, at, warn));
        tally(report.warnedStrictlyBeforeApp, actionsUpTo(conversation, at - 1, warn));
        if (conversation.lureFromRealLine) report.lureFromRealLine += 1;
      }
      if (conversation.threatEvent) {
        tally(report.caseByThreat, actionsUpTo(conversation, order.get(conversation.threatEvent)!, (a) => a.type === 'queue_review'));
      }
      continue;
    }
    const intervened = actions.length > 0;
    tally(report.ordinaryIntervened, intervened);
    tally(conversation.written ? report.ordinaryWrittenIntervened : report.ordinaryRealOnlyIntervened, intervened);
    if (conversation.established) tally(report.ordinaryEstablishedIntervened, intervened);
    for (const rule of new Set(actions.map((a) => a.rule))) report.ordinaryRules[rule] = (report.ordinaryRules[rule] ?? 0) + 1;
    if (intervened && options.split === 'dev' && process.env.SHOW_TOUCHED) showTouched(conversation.id, events, traffic, decisions);
  }
  for (const [id, label] of traffic.stageOf) {
    const kinds = decisions.get(id)?.kinds;
    tally(report.actsSeen[label], Boolean(kinds && [...kinds].some((k) => k === `text.${label}` || (label === 'app_lure' && k.startsWith('apk.')))));
  }
  return report;
}

/**
 * Tuning aid (dev split only, `SHOW_TOUCHED=1`): the messages of a touched ordinary conversation that drew an
 * action, with the rules and signal kinds, on stderr. Never for the test split, whose lines are not printed.
 */
function showTouched(id: string, events: string[], traffic: BuiltTraffic, decisions: Map<string, { actions: DecidedAction[]; kinds: Set<string> }>): void {
  const byId = new Map(traffic.events.map((e) => [e.id, e]));
  for (const eventId of events) {
    const decision = decisions.get(eventId);
    if (!decision || decision.actions.length === 0) continue;
    const event = byId.get(eventId);
    const text = event && 'text' in event ? String(event.text) : event?.type;
    process.stderr.write(`touched ${id}: ${[...new Set(decision.actions.map((a) => a.rule))].join(',')} [${[...decision.kinds].join(',')}] ${text}\n`);
  }
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function tally(rate: Rate, hit: boolean): void {
  rate.total += 1;
  if (hit) rate.hits += 1;
}

export const TARGETS = { warnedBeforeApp: 0.9, caseByThreat: 0.95, ordinaryIntervened: 0.01 };

export function missedTargets(report: ConversationReport): string[] {
  const misses: string[] = [];
  if (fraction(report.warnedBeforeApp) < TARGETS.warnedBeforeApp) misses.push(`warned before the app ${pct(report.warnedBeforeApp)} < 90%`);
  if (fraction(report.caseByThreat) < TARGETS.caseByThreat) misses.push(`case by the threat ${pct(report.caseByThreat)} < 95%`);
  if (fraction(report.ordinaryIntervened) > TARGETS.ordinaryIntervened) misses.push(`ordinary with any intervention ${pct(report.ordinaryIntervened)} > 1%`);
  return misses;
}

function fraction(rate: Rate): number {
  return rate.total === 0 ? 0 : rate.hits / rate.total;
}

function pct(rate: Rate): string {
  return rate.total === 0 ? 'n/a' : `${((100 * rate.hits) / rate.total).toFixed(1)}%`;
}

function line(label: string, rate: Rate, extra = ''): string {
  return `${label.padEnd(40)} ${pct(rate).padStart(6)}  (${rate.hits} of ${rate.total})${extra}`;
}

export function formatConversationReport(report: ConversationReport): string {
  const source = report.split === 'test' ? 'corpus/real/test (held-out sources; SpamAssassin easy-ham-2 + hard-ham-1)' : 'corpus/real/dev (tuning split; SpamAssassin easy-ham-1)';
  const acts = report.oracle
    ? `oracle (the corpus labels of each line, score ${report.oracle.score}, ${Math.round(report.oracle.recall * 100)}% of acts kept)`
    : report.cv
      ? `OUT-OF-FOLD text models (${report.cv.folds} folds over ${report.cv.families} dev families: each line read by a model trained without its family; ${report.cv.sharedTexts} texts shared across folds read in-sample)`
      : 'the shipped text detector';
  const out = [
    `Conversation evaluation — lines from ${source}`,
    `Per-message acts: ${acts}; seed ${report.seed}; ${report.events} events through the ingest service${report.rings ? '' : '; crew linking OFF (diagnostic)'}`,
    '',
    line('warned before the app', report.warnedBeforeApp, `  [strictly before the lure message: ${pct(report.warnedStrictlyBeforeApp)}; lure text a real line in ${report.lureFromRealLine}]`),
    line('case opened by the threat', report.caseByThreat),
    line('scam conversations with any intervention', report.scamWithAnyIntervention),
    line('ordinary conversations with any intervention', report.ordinaryIntervened),
    line('  of them real lines only', report.ordinaryRealOnlyIntervened),
    line('  with a written hard negative (sim)', report.ordinaryWrittenIntervened),
    line('  established pairs (weeks of history)', report.ordinaryEstablishedIntervened),
    `Targets: warned before the app >= 90%, case by the threat >= 95%, ordinary with any intervention <= 1%`,
    '',
    'Per-message acts seen on the scam stage messages:',
    ...TEXT_LABELS.map((label) => line(`  ${label}`, report.actsSeen[label])),
  ];
  const rules = Object.entries(report.ordinaryRules).sort((a, b) => b[1] - a[1]);
  if (rules.length) out.push('', `Ordinary conversations touched, by rule: ${rules.map(([r, n]) => `${r} ${n}`).join(', ')}`);
  out.push('', 'Line pools (counts and sources only; no line is printed):', ...report.pools);
  out.push('Distinct lines used:', ...Object.entries(report.used).map(([pool, u]) => `  ${pool.padEnd(18)} ${String(u.lines).padStart(5)} lines from ${u.sources} sources`));
  for (const note of report.notes) out.push(`Note: ${note}`);
  return out.join('\n');
}
