// `chainbreak text eval-conversations`: the conversation-level evaluation (tools/text/conversation-eval.ts, loaded only when the command runs).
import type { Command } from 'commander';

export function registerConversationEval(text: Command): void {
  text
    .command('eval-conversations')
    .description('whole scam and ordinary conversations built from real lines, sent through the ingest service: warned before the app, case by the threat, ordinary interventions')
    .option('--split <split>', 'lines from corpus/real/test (held-out sources) or dev (for tuning)', 'test')
    .option('--acts <mode>', '"detector" (the shipped text detector) or "oracle" (the corpus labels of each line)', 'detector')
    .option('--scam <n>', 'scam conversations', '400')
    .option('--ordinary <n>', 'ordinary conversations', '2000')
    .option('--seed <n>', 'seed of the conversation builder', '1')
    .option('--oracle-score <x>', 'oracle mode: the score of each act', '0.6')
    .option('--oracle-recall <x>', 'oracle mode: the share of acts kept (the rest are dropped, the same ones every run)', '1')
    .option('--cv <k>', 'dev only: read each line with a model trained without its source family (grouped K-fold, e.g. 5), since the shipped model trained on every dev line')
    .option('--no-rings', 'leave crew linking out (diagnostic: how much comes from ring links)')
    .option('--rules <file>', 'a candidate rule file instead of rules/default.yaml')
    .option('--json', 'print the report as JSON')
    .addHelpText('after', '\nPrints counts and sources only, never a line. Exits 1 when a target is missed\n(warned before the app >= 90%, case by the threat >= 95%, ordinary with any intervention <= 1%).')
    .action(async (flags: { split: string; acts: string; scam: string; ordinary: string; seed: string; rules?: string; json?: boolean; oracleScore: string; oracleRecall: string; rings: boolean; cv?: string }) => {
      const problems: string[] = [];
      if (flags.split !== 'test' && flags.split !== 'dev') problems.push(`--split must be test or dev, not "${flags.split}"`);
      if (flags.acts !== 'detector' && flags.acts !== 'oracle') problems.push(`--acts must be detector or oracle, not "${flags.acts}"`);
      const count = (name: string, value: string, min: number) => {
        const n = Number(value);
        if (!Number.isInteger(n) || n < min || n > 100_000) problems.push(`--${name} must be a whole number from ${min} to 100000, not "${value}"`);
        return n;
      };
      const scam = count('scam', flags.scam, 1);
      const ordinary = count('ordinary', flags.ordinary, 1);
      const seed = count('seed', flags.seed, 0);
      const unit = (name: string, value: string) => {
        const x = Number(value);
        if (!(x > 0 && x <= 1)) problems.push(`--${name} must be a number in (0, 1], not "${value}"`);
        return x;
      };
      const oracleScore = unit('oracle-score', flags.oracleScore);
      const oracleRecall = unit('oracle-recall', flags.oracleRecall);
      const cv = flags.cv === undefined ? undefined : Number(flags.cv);
      if (cv !== undefined && !(Number.isInteger(cv) && cv >= 2 && cv <= 20)) problems.push(`--cv must be a whole number from 2 to 20, not "${flags.cv}"`);
      if (cv !== undefined && flags.split !== 'dev') problems.push('--cv needs --split dev: the test split is never trained on');
      if (cv !== undefined && flags.acts !== 'detector') problems.push('--cv reads acts with the text detector: leave out --acts oracle');
      if (problems.length) {
        process.stderr.write(`text eval-conversations: ${problems.join('; ')}\n`);
        process.exitCode = 2;
        return;
      }
      const { runConversationEval, formatConversationReport, missedTargets } = await import('../../../tools/text/conversation-eval.ts');
      try {
        const report = await runConversationEval({ split: flags.split as 'test' | 'dev', acts: flags.acts as 'detector' | 'oracle', scam, ordinary, seed, rulesFile: flags.rules, oracleScore, oracleRecall, noRings: !flags.rings, cv });
        const misses = missedTargets(report);
        process.stdout.write(flags.json ? `${JSON.stringify({ ...report, misses }, null, 2)}\n` : `${formatConversationReport(report)}\n${misses.length ? `Targets missed: ${misses.join('; ')}` : 'Targets: all met'}\n`);
        if (misses.length) process.exitCode = 1;
      } catch (error) {
        process.stderr.write(`text eval-conversations: ${(error as Error).message}\n`);
        process.exitCode = 2;
      }
    });
}
