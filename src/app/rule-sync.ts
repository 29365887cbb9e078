// Rule deploys across the nodes of one PostgreSQL store (issue 14.3). A deploy on any node (API, console or
// an edit of that node's rule file) is written to `rule_deploys` and announced with NOTIFY; every node
// LISTENs, and also polls every `ruleDeployPollMs` in case its listening connection was down, then activates
// the text of the highest `seq`. So all nodes converge on the newest deploy within the notification's
// latency (milliseconds), at worst within one poll interval.
//
// Why a table and not the notification alone: a notification is lost for a node that is not listening at
// that moment (restarting, reconnecting); the table is what a node checks on start and on every poll.
// Why the highest seq wins: two deploys at once on different nodes must end the same everywhere, and the
// sequence orders them without clocks.
import type { CoreDb } from '../adapters/store/db.ts';
import { listen, notify, type Listener } from '../adapters/store/notify.ts';
import type { RulesHolder } from './rules-holder.ts';

const CHANNEL = 'chainbreak_rule_deploys';

export interface RuleSyncOptions {
  db: CoreDb;
  rules: RulesHolder;
  /** The PostgreSQL URL, for the listening connection. */
  url: string;
  pollMs: number;
  node: string;
  now?: () => number;
  /** Told when a deploy from the store could not be activated or published (logged by the caller). */
  onError?: (error: Error) => void;
}

export class RuleSync {
  readonly #options: RuleSyncOptions;
  /** The seq this node last activated or wrote. */
  #seq = 0;
  /** Text activated from the store: its change event must not be published back as a new deploy. */
  #adopted: string | null = null;
  /** Publishing and checking run one after the other, so a check never races this node's own deploy. */
  #chain: Promise<void> = Promise.resolve();
  #listener: Listener | null = null;
  #timer: NodeJS.Timeout | null = null;

  constructor(options: RuleSyncOptions) {
    this.#options = options;
  }

  /** Adopts the newest deploy in the store (or publishes this node's rules if there is none), then listens. */
  async start(): Promise<void> {
    const { rules, url, pollMs } = this.#options;
    rules.onChange(() => {
      if (rules.text !== this.#adopted) this.#enqueue(() => this.#publish(rules.text));
    });
    await this.#enqueue(async () => {
      if ((await this.#latest()) === undefined) await this.#publish(rules.text);
    });
    await this.check();
    this.#listener = await listen(url, CHANNEL, () => void this.check());
    this.#timer = setInterval(() => void this.check(), pollMs);
    this.#timer.unref();
  }

  /** Activates the newest deploy if this node does not run it yet; resolves once that is done. */
  check(): Promise<void> {
    return this.#enqueue(async () => {
      const latest = await this.#latest();
      if (!latest || (latest.seq === this.#seq && latest.text === this.#options.rules.text)) return;
      this.#adopted = latest.text;
      const errors = latest.text === this.#options.rules.text ? null : this.#options.rules.replace(latest.text);
      if (errors) throw new Error(`rule deploy ${latest.seq} is invalid here: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
      this.#seq = latest.seq;
    });
  }

  /** The seq of the deploy this node runs (0 before the first). */
  get seq(): number {
    return this.#seq;
  }

  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#listener?.close();
    await this.#chain;
  }

  #enqueue(step: () => Promise<void>): Promise<void> {
    const run = this.#chain.then(step);
    this.#chain = run.catch((error: Error) => this.#options.onError?.(error));
    return this.#chain;
  }

  #latest() {
    return this.#options.db.selectFrom('rule_deploys').select(['seq', 'text']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  }

  async #publish(text: string): Promise<void> {
    const { db, node, now = Date.now } = this.#options;
    const row = await db.insertInto('rule_deploys').values({ text, node, deployed_at: now() }).returning('seq').executeTakeFirstOrThrow();
    this.#seq = Number(row.seq);
    this.#adopted = text;
    await notify(db, CHANNEL, String(row.seq));
  }
}
