// `chainbreak rules validate|test`: check a rule file, and run it over events against expected output.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { DEFAULT_RULES } from '../../../app.ts';
import { createKeywordTextDetector } from '../../../core/detectors/keyword-text.ts';
import { replay, summarise, type DecisionSummary } from '../../../core/engine/replay.ts';
import { parseEvent, type ChainEvent } from '../../../core/events.ts';
import { parseRuleText } from '../../../core/rules/evaluate.ts';
import { knownSignals, ruleWarnings } from '../../../core/rules/signal-kinds.ts';
import { MODULES } from '../../../modules.ts';
import type { RuleFile } from '../../../core/rules/schema.ts';
import { readJsonLines } from '../jsonl.ts';

export function register(program: Command): void {
  const rules = program.command('rules').description('validate and test rule files');
  rules
    .command('validate')
    .description('check a rule file: errors by field (exit 1), and warnings on stderr for rules that cannot match as written')
    .argument('[file]', 'rule file (YAML)', DEFAULT_RULES)
    .action((file: string) => {
      const parsed = loadRules(file);
      console.log(`${file}: ${parsed.rules.length} rule(s), mode ${parsed.mode}, valid`);
      // Valid but cannot work as written (a kind no module emits, no enabled rule): said, not failed.
      for (const warning of ruleWarnings(parsed, knownSignals(MODULES))) console.error(`warning: ${warning.path}: ${warning.message}`);
    });
  rules
    .command('test')
    .description('run events through the rules in memory and print (or compare with) one decision summary per event')
    .requiredOption('--events <file>', 'events as JSON Lines')
    .option('--rules <file>', 'rule file', DEFAULT_RULES)
    .option('--expect <file>', 'expected summaries (JSON Lines); differences fail the command')
    .option('--update', 'write the summaries to the --expect file instead of comparing')
    .action(async (options) => {
      const ruleFile = loadRules(options.rules);
      const events = await loadEvents(options.events);
      const summaries = (await replay(events, ruleFile, [createKeywordTextDetector()])).map(summarise);
      const text = summaries.map((s) => JSON.stringify(s)).join('\n') + '\n';
      if (!options.expect) return void process.stdout.write(text);
      if (options.update) return void writeFileSync(options.expect, text);
      const differences = compare(summaries, readFileSync(options.expect, 'utf8'));
      for (const difference of differences) console.log(difference);
      console.log(differences.length ? `${differences.length} difference(s)` : `${summaries.length} decisions match`);
      if (differences.length) process.exitCode = 1;
    });
}

function loadRules(file: string): RuleFile {
  const parsed = parseRuleText(readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new Error(`${file} is invalid:\n${parsed.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}`);
  return parsed.rules;
}

async function loadEvents(file: string): Promise<ChainEvent[]> {
  const events: ChainEvent[] = [];
  for await (const line of readJsonLines(file)) {
    const parsed = line.ok ? parseEvent(line.value) : null;
    if (!line.ok) throw new Error(`${file} line ${line.line}: ${line.error}`);
    if (!parsed?.ok) throw new Error(`${file} line ${line.line}: ${parsed?.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    events.push(parsed.event);
  }
  return events;
}

function compare(actual: DecisionSummary[], expectedText: string): string[] {
  const expected = expectedText.split('\n').filter(Boolean).map((l) => JSON.parse(l) as DecisionSummary);
  const differences: string[] = [];
  const byId = new Map(expected.map((e) => [e.event_id, e]));
  for (const summary of actual) {
    const want = byId.get(summary.event_id);
    if (!want) differences.push(`${summary.event_id}: not in the expected file`);
    else if (JSON.stringify(want) !== JSON.stringify(summary)) differences.push(`${summary.event_id}: expected ${JSON.stringify(want)}\n  got ${JSON.stringify(summary)}`);
    byId.delete(summary.event_id);
  }
  for (const id of byId.keys()) differences.push(`${id}: expected but no such event was run`);
  return differences;
}
