// Single conversations for stage-tracking tests: one scam conversation that runs every stage in order,
// and one ordinary conversation full of hard negatives. Each comes with the accounts it needs and,
// for the scam, the stage every scripted event is written to show.
import type { ChainEvent } from '../core/events.ts';
import { STAGES, type Stage } from '../core/signals.ts';
import { MINUTE, createContext, sortByTime, type ScriptPhase } from './context.ts';
import { createCrew, writeOutreach, type Crew } from './crew.ts';
import { createPerson, TOPICS, writeOrdinaryConversation, type Topic } from './ordinary.ts';
import { createRandom } from '../core/random.ts';
import { writeScamConversation } from './scam.ts';
import { scriptFor } from './scripts/index.ts';

export interface ScenarioOptions {
  tenant: string;
  lang: string;
  seed: number;
  start: Date;
  /** Prefix of every generated id (default derived from the seed and language). */
  idPrefix?: string;
}

export interface ScamScenario {
  events: ChainEvent[];
  /** Event id -> the kill-chain stage that event is written to show. */
  expectedStages: Map<string, Stage>;
  /** Event id -> script phase, for every event of the script (victim replies included). */
  phases: Map<string, ScriptPhase>;
  /** The id of the first event meant to show each stage, in chain order. */
  firstEventOfStage: Map<Stage, string>;
  conversationId: string;
  scammer: string;
  victim: string;
  crew: Crew;
}

export interface OrdinaryScenario {
  events: ChainEvent[];
  conversationId: string;
  participants: [string, string];
  topics: Topic[];
}

/** Exactly one scam conversation that reaches payment, with the victim paying and reporting. */
export function scamConversation(options: ScenarioOptions): ScamScenario {
  const { ctx, start } = setup(options);
  // Everything happens at or after `start`: the victim's profile, then the fake profile, then the chat.
  const victim = createPerson(ctx, options.lang, start);
  const crew = createCrew(ctx, 0, [options.lang], start, 1);
  const profile = crew.profiles[0];
  const acceptedAt = writeOutreach(ctx, profile, [], [victim], profile.createdAt + 5 * MINUTE);
  const { conversationId } = writeScamConversation(ctx, {
    crew,
    profile,
    victim,
    start: acceptedAt.get(victim.id)! + 2 * MINUTE,
    reach: 'payment',
    pays: true,
    reports: true,
  });
  const events = sortByTime(ctx.events);
  const firstEventOfStage = new Map<Stage, string>();
  for (const event of events) {
    const stage = ctx.expectedStages.get(event.id);
    if (stage && !firstEventOfStage.has(stage)) firstEventOfStage.set(stage, event.id);
  }
  const ordered = new Map(STAGES.filter((s) => firstEventOfStage.has(s)).map((s) => [s, firstEventOfStage.get(s)!]));
  return {
    events,
    expectedStages: ctx.expectedStages,
    phases: ctx.phases,
    firstEventOfStage: ordered,
    conversationId,
    scammer: profile.id,
    victim: victim.id,
    crew,
  };
}

/** Two friends chatting; by default the chat carries every hard-negative topic (video call, money, tech, news). */
export function ordinaryConversation(options: ScenarioOptions & { topics?: Topic[] }): OrdinaryScenario {
  const { ctx, start } = setup(options);
  const a = createPerson(ctx, options.lang, start);
  const b = createPerson(ctx, options.lang, start);
  const topics = options.topics ?? [...TOPICS];
  const info = writeOrdinaryConversation(ctx, a, b, start + 5 * MINUTE, topics, options.lang);
  return { events: sortByTime(ctx.events), conversationId: info.conversationId, participants: info.participants, topics: info.topics };
}

function setup(options: ScenarioOptions) {
  if (!(options.start instanceof Date) || Number.isNaN(options.start.getTime())) throw new Error('start must be a valid Date');
  scriptFor(options.lang);
  const random = createRandom(options.seed);
  const prefix = options.idPrefix ?? `${options.lang.replace(/[^a-z]/gi, '')}${(Math.trunc(options.seed) >>> 0).toString(36)}`;
  return { ctx: createContext(options.tenant, random, prefix), start: options.start.getTime() };
}
