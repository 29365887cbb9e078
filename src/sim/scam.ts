// One scam conversation between a crew profile and a victim, stage by stage with realistic gaps:
// first contact, flirting, escalation, the move to another messenger, the "audio problem" app lure,
// the threat and the payment demand, then sometimes a payment report and an in-app report. A
// conversation can stop early: `reach` is the last stage it gets to.
import type { Attachment } from '../core/events.ts';
import { STAGES, type Stage } from '../core/signals.ts';
import {
  MINUTE,
  fill,
  pushMessage,
  pushPayment,
  pushReport,
  tag,
  type ScriptPhase,
  type SimContext,
} from './context.ts';
import type { Crew, CrewProfile, Target } from './crew.ts';
import { openerVariant } from './crew.ts';
import { giftCardCode, mtcn, type PaymentKind } from './identifiers.ts';
import { scriptFor } from './scripts/index.ts';
import type { LanguageScript } from './scripts/types.ts';

export interface ScamPlan {
  crew: Crew;
  profile: CrewProfile;
  victim: Target;
  start: number;
  /** The last stage this conversation reaches before the victim drops out. */
  reach: Stage;
  /** Whether the victim reports a payment (only when the conversation reaches payment). */
  pays: boolean;
  /** Whether the victim files an in-app sextortion report (only after a threat). */
  reports: boolean;
}

export interface ScamResult {
  conversationId: string;
  end: number;
}

interface Writer {
  ctx: SimContext;
  plan: ScamPlan;
  script: LanguageScript;
  conversationId: string;
  time: number;
  /** What the scammer demanded, once the payment stage is written. */
  demand?: { kind: PaymentKind; amount: number };
}

/** Picks how far a conversation in mixed traffic gets: most reach the payment demand, some drop out earlier. */
export function randomReach(ctx: SimContext): Stage {
  const roll = ctx.random.next();
  if (roll < 0.08) return 'first_contact';
  if (roll < 0.18) return 'escalation';
  if (roll < 0.3) return 'offplatform';
  if (roll < 0.4) return 'app_lure';
  if (roll < 0.5) return 'threat';
  return 'payment';
}

export function writeScamConversation(ctx: SimContext, plan: ScamPlan): ScamResult {
  const w: Writer = { ctx, plan, script: scriptFor(plan.profile.lang), conversationId: ctx.nextConversationId(), time: plan.start };
  const reached = (stage: Stage) => STAGES.indexOf(stage) <= STAGES.indexOf(plan.reach);
  firstContact(w);
  if (reached('escalation')) escalation(w);
  if (reached('offplatform')) offplatform(w);
  if (reached('app_lure')) appLure(w);
  if (reached('threat')) threat(w);
  if (reached('payment')) payment(w);
  if (reached('threat')) aftermath(w);
  return { conversationId: w.conversationId, end: w.time };
}

function after(w: Writer, minMinutes: number, maxMinutes: number): number {
  w.time += w.ctx.random.int(minMinutes * 60, maxMinutes * 60) * 1000;
  return w.time;
}

function fromScammer(w: Writer, text: string, phase: ScriptPhase, stage?: Stage, attachments: Attachment[] = []) {
  const { ctx, plan } = w;
  return tag(ctx, pushMessage(ctx, w.time, w.conversationId, plan.profile.id, [plan.victim.id], text, attachments), phase, stage);
}

function fromVictim(w: Writer, text: string, phase: ScriptPhase) {
  const { ctx, plan } = w;
  return tag(ctx, pushMessage(ctx, w.time, w.conversationId, plan.victim.id, [plan.profile.id], text), phase);
}

function firstContact(w: Writer): void {
  const { random } = w.ctx;
  fromScammer(w, openerVariant(w.ctx, w.plan.profile), 'first_contact', 'first_contact');
  after(w, 2, 40);
  fromVictim(w, random.pick(w.script.scam.victimGreetings), 'flirting');
  const flirting = random.sample(w.script.scam.flirting, random.int(2, 3));
  const replies = random.sample(w.script.scam.victimFlirting, flirting.length);
  flirting.forEach((line, i) => {
    after(w, 1, 8);
    fromScammer(w, line, 'flirting');
    after(w, 1, 10);
    fromVictim(w, replies[i % replies.length], 'flirting');
  });
}

function escalation(w: Writer): void {
  const { random } = w.ctx;
  after(w, 10, 60);
  for (const line of random.sample(w.script.scam.escalation, random.int(1, 2))) {
    fromScammer(w, line, 'escalation', 'escalation');
    after(w, 1, 6);
  }
  fromVictim(w, random.pick(w.script.scam.victimHesitant), 'escalation');
}

function offplatform(w: Writer): void {
  const { random } = w.ctx;
  const messenger = w.plan.crew.kit.handles[random.pick(w.script.messengers)];
  after(w, 3, 30);
  fromScammer(w, fill(random.pick(w.script.scam.offplatform), { app: messenger.app, handle: messenger.handle }), 'offplatform', 'offplatform');
  after(w, 1, 10);
  fromVictim(w, random.pick(w.script.scam.victimAgrees), 'offplatform');
}

function appLure(w: Writer): void {
  const { random } = w.ctx;
  const lure = random.pick(w.plan.crew.kit.lures);
  // The video call itself happens on the other messenger; the lure comes back here when the sound "fails".
  after(w, 15, 50);
  if (random.chance(0.5)) {
    const attachment: Attachment = { kind: 'apk', url: lure.url, name: lure.name, mime: 'application/vnd.android.package-archive' };
    fromScammer(w, random.pick(w.script.scam.appLureAttachment), 'app_lure', 'app_lure', [attachment]);
  } else {
    fromScammer(w, fill(random.pick(w.script.scam.appLureLink), { link: lure.url }), 'app_lure', 'app_lure');
  }
}

function threat(w: Writer): void {
  const { random } = w.ctx;
  after(w, 20, 120);
  for (const line of random.sample(w.script.scam.threat, random.int(1, 2))) {
    fromScammer(w, line, 'threat', 'threat');
    after(w, 0.5, 3);
  }
  fromVictim(w, random.pick(w.script.scam.victimPleads), 'threat');
}

function payment(w: Writer): void {
  const { random } = w.ctx;
  const values = paymentValues(w);
  const demands = random.sample(w.script.scam.payment, 2);
  after(w, 1, 10);
  fromScammer(w, fill(demands[0], values), 'payment', 'payment');
  after(w, 1, 8);
  fromVictim(w, random.pick(w.script.scam.victimPleads), 'payment');
  after(w, 1, 5);
  fromScammer(w, fill(demands[1], values), 'payment', 'payment');
}

function paymentValues(w: Writer): Record<string, string> {
  const { random } = w.ctx;
  const kind = random.pick(w.script.payments);
  const amount = random.pick(w.script.currency.amounts);
  w.demand = { kind, amount };
  return { payment: w.plan.crew.kit.payments[kind].text, amount: formatAmount(w.script, amount) };
}

function aftermath(w: Writer): void {
  const { ctx, plan, script } = w;
  const { random } = ctx;
  const end = w.time;
  if (plan.pays && w.demand) {
    const account = plan.crew.kit.payments[w.demand.kind];
    // A victim reports the codes of the cards they bought, not the crew's example.
    const identifiers =
      account.kind === 'gift_card' ? account.identifiers.map((i) => ({ ...i, value: giftCardCode(random) })) : account.identifiers;
    const note = account.kind === 'western_union' ? ` (MTCN ${mtcn(random)})` : '';
    const event = pushPayment(ctx, end + random.int(30, 6 * 60) * MINUTE, {
      reporter: plan.victim.id,
      account: plan.profile.id,
      conversation_id: w.conversationId,
      identifiers,
      amount: { value: w.demand.amount, currency: script.currency.code },
      text: `${random.pick(script.scam.paymentReportTexts)}${note}`,
    });
    tag(ctx, event, 'aftermath', 'payment');
    w.time = Math.max(w.time, Date.parse(event.time));
  }
  if (plan.reports) {
    const event = pushReport(ctx, end + random.int(60, 24 * 60) * MINUTE, {
      reporter: plan.victim.id,
      reported: plan.profile.id,
      category: 'sextortion',
      text: random.pick(script.scam.reportTexts),
      conversation_id: w.conversationId,
    });
    // The engine reads a sextortion report as evidence of the threat stage.
    tag(ctx, event, 'aftermath', 'threat');
    w.time = Math.max(w.time, Date.parse(event.time));
  }
}

export function formatAmount(script: LanguageScript, amount: number): string {
  const grouped = String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${script.currency.symbol}${grouped}`;
}
