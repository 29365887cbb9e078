// Warnings for rule files that are valid but cannot work as written. Chiefly: which signal kinds can reach the
// rules, so a rule on a kind nothing emits is flagged when it is validated
// instead of silently never matching (a typo such as "text.app_lur", or a detector that is not installed).
// Warnings, not errors: a rule file may be written for a detector that is installed later, and the same file
// must load on every node whatever its module list.
import type { Detector } from '../detector.ts';
import type { RuleFile } from './schema.ts';
import type { Condition } from './schema.ts';

/** A signal kind, or a family written with a trailing `*` (`text.*`). */
export type KindPattern = string;

export interface KnownSignals {
  kinds: readonly KindPattern[];
  detectors: readonly string[];
}

/**
 * Signals the engine makes itself, whatever the detectors: the first message of a conversation (engine.ts),
 * reports and payment reports (apply.ts), the chain patterns over a conversation (chain.ts), and the crew
 * signals of the linker (the rings module, through the workspace).
 */
const ENGINE_SIGNALS: KnownSignals = {
  kinds: ['conversation.first_contact', 'report.*', 'payment.reported', 'chain.*', 'ring.*'],
  detectors: ['engine', 'chain', 'rings'],
};

/** What the engine and these detectors can emit. A detector that declares no kinds is taken to emit `<name>.*`. */
export function knownSignals(detectors: readonly Pick<Detector, 'name' | 'signalKinds'>[]): KnownSignals {
  return {
    kinds: [...ENGINE_SIGNALS.kinds, ...detectors.flatMap((d) => d.signalKinds ?? [`${d.name}.*`])],
    detectors: [...ENGINE_SIGNALS.detectors, ...detectors.map((d) => d.name)],
  };
}

export interface RuleWarning {
  path: string;
  message: string;
}

/**
 * What is valid but cannot work as written: a file with no enabled rule in enforce mode (every intervention
 * stops; easy to deploy by accident as `rules: []`), and one warning per signal condition whose kind or detector
 * nothing in `known` can produce.
 */
export function ruleWarnings(file: RuleFile, known: KnownSignals): RuleWarning[] {
  const warnings: RuleWarning[] = [];
  if (!file.rules.some((rule) => rule.enabled)) {
    warnings.push({ path: 'rules', message: 'no rule is enabled, so no event gets any intervention (no warnings to targets, no holds, no cases)' });
  }
  file.rules.forEach((rule, index) => {
    visit(rule.when, `rules.${index}.when`, (signal, path) => {
      if (signal.kind && !known.kinds.some((pattern) => overlaps(pattern, signal.kind!))) {
        warnings.push({ path: `${path}.kind`, message: `no installed detector emits "${signal.kind}", so rule "${rule.id}" cannot match on it; known kinds: ${known.kinds.join(', ')}` });
      }
      if (signal.detector && !known.detectors.includes(signal.detector)) {
        warnings.push({ path: `${path}.detector`, message: `no installed detector is named "${signal.detector}"; known detectors: ${known.detectors.join(', ')}` });
      }
    });
  });
  return warnings;
}

type SignalCondition = Extract<Condition, { signal: unknown }>['signal'];

function visit(condition: Condition, path: string, onSignal: (signal: SignalCondition, path: string) => void): void {
  if ('all' in condition) condition.all.forEach((c, i) => visit(c, `${path}.all.${i}`, onSignal));
  else if ('any' in condition) condition.any.forEach((c, i) => visit(c, `${path}.any.${i}`, onSignal));
  else if ('not' in condition) visit(condition.not, `${path}.not`, onSignal);
  else if ('signal' in condition) onSignal(condition.signal, `${path}.signal`);
}

/** Whether some kind could match both patterns (each an exact kind or a `prefix*` family). */
function overlaps(a: KindPattern, b: KindPattern): boolean {
  const prefix = (p: string) => (p.endsWith('*') ? p.slice(0, -1) : null);
  const pa = prefix(a);
  const pb = prefix(b);
  if (pa !== null && pb !== null) return pa.startsWith(pb) || pb.startsWith(pa);
  if (pa !== null) return b.startsWith(pa);
  if (pb !== null) return a.startsWith(pb);
  return a === b;
}
