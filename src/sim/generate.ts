// Mixed platform traffic for the demo, the integration tests and the benchmarks: ordinary users
// chatting, and scam crews running the sextortion chain against their victims. Pure and
// deterministic: the same options (seed included) give the same events, ids and all.
import type { ChainEvent } from '../core/events.ts';
import type { Stage } from '../core/signals.ts';
import { HOUR, MINUTE, createContext, sortByTime, type ScriptPhase, type SimContext } from './context.ts';
import { createCrew, writeOutreach, type Crew, type Target } from './crew.ts';
import { createPeople, createPerson, writeOrdinaryTraffic, type OrdinaryConversationInfo, type Person } from './ordinary.ts';
import { createRandom } from '../core/random.ts';
import { randomReach, writeScamConversation } from './scam.ts';
import { LANGUAGES, SCRIPTS } from './scripts/index.ts';

export interface TrafficOptions {
  tenant: string;
  seed: number;
  start: Date;
  ordinaryUsers: number;
  crews: number;
  victimsPerCrew: number;
  /** Languages to draw from (default: all the simulator speaks, see `LANGUAGES`). */
  languages?: string[];
  /** Prefix of every generated id; defaults to one derived from the seed so batches with different seeds never collide. */
  idPrefix?: string;
  /** Serial number of the first crew (later batches of a live run continue the count, so crews never share a phone). */
  crewOffset?: number;
}

export interface ScamConversationInfo {
  conversationId: string;
  crew: string;
  scammer: string;
  victim: string;
  lang: string;
  /** The last stage the conversation reaches. */
  reach: Stage;
}

export interface SimulatedTraffic {
  events: ChainEvent[];
  /** Event id -> the kill-chain stage that event is written to show. */
  expectedStages: Map<string, Stage>;
  /** Event id -> script phase, for every event a crew's script produced. */
  phases: Map<string, ScriptPhase>;
  crews: Crew[];
  victims: Person[];
  ordinaryUsers: Person[];
  scamConversations: ScamConversationInfo[];
  ordinaryConversations: OrdinaryConversationInfo[];
  /** Time of the last event (epoch ms), where a following batch can start. */
  end: number;
}

const LIMITS = { ordinaryUsers: 100_000, crews: 1_000, victimsPerCrew: 1_000 };
/** Ordinary chats are spread over this much time from the start. */
const ORDINARY_SPAN_MS = 12 * HOUR;

export function generateTraffic(options: TrafficOptions): ChainEvent[] {
  return simulateTraffic(options).events;
}

export function simulateTraffic(options: TrafficOptions): SimulatedTraffic {
  const languages = validate(options);
  const start = options.start.getTime();
  const random = createRandom(options.seed);
  const ctx = createContext(options.tenant, random, options.idPrefix ?? `s${(Math.trunc(options.seed) >>> 0).toString(36)}`);

  const ordinaryUsers = createPeople(ctx, options.ordinaryUsers, languages, start);
  const ordinaryConversations = writeOrdinaryTraffic(ctx, ordinaryUsers, start, ORDINARY_SPAN_MS);
  const crews: Crew[] = [];
  const victims: Person[] = [];
  const scamConversations: ScamConversationInfo[] = [];
  for (let c = 0; c < options.crews; c++) {
    const crewLanguages = pickCrewLanguages(ctx, languages, c);
    const crewStart = start + c * random.int(10, 90) * MINUTE;
    const crew = createCrew(ctx, c, crewLanguages, crewStart, random.int(3, 5), (options.crewOffset ?? 0) + c);
    crews.push(crew);
    const crewVictims = runCrew(ctx, crew, start, ordinaryUsers, options.victimsPerCrew, scamConversations);
    victims.push(...crewVictims);
  }
  const events = sortByTime(ctx.events);
  return {
    events,
    expectedStages: ctx.expectedStages,
    phases: ctx.phases,
    crews,
    victims,
    ordinaryUsers,
    scamConversations,
    ordinaryConversations,
    end: events.length ? Date.parse(events[events.length - 1].time) : start,
  };
}

/** Each crew works its first language (rotating, so many crews cover every language) and sometimes a second. */
function pickCrewLanguages(ctx: SimContext, languages: readonly string[], crewIndex: number): string[] {
  const first = languages[crewIndex % languages.length];
  const others = languages.filter((lang) => lang !== first);
  return others.length && ctx.random.chance(0.4) ? [first, ctx.random.pick(others)] : [first];
}

/** Outreach from every profile, then one scam conversation per victim. Returns the victims. */
function runCrew(
  ctx: SimContext,
  crew: Crew,
  start: number,
  ordinaryUsers: readonly Person[],
  victimCount: number,
  out: ScamConversationInfo[],
): Person[] {
  const random = ctx.random;
  const victimsByProfile = new Map(crew.profiles.map((p) => [p.id, [] as Person[]]));
  const victims: Person[] = [];
  for (let v = 0; v < victimCount; v++) {
    const profile = crew.profiles[v % crew.profiles.length];
    const victim = createPerson(ctx, profile.lang, Math.max(start, profile.createdAt - random.int(1, 60) * MINUTE));
    victimsByProfile.get(profile.id)!.push(victim);
    victims.push(victim);
  }
  for (const profile of crew.profiles) {
    const bystanders: Target[] = random.sample(ordinaryUsers, random.int(12, 30));
    const profileVictims = victimsByProfile.get(profile.id)!;
    const outreachStart = profile.createdAt + random.int(10, 60) * MINUTE;
    const acceptedAt = writeOutreach(ctx, profile, bystanders, profileVictims, outreachStart);
    for (const victim of profileVictims) {
      const reach = randomReach(ctx);
      const result = writeScamConversation(ctx, {
        crew,
        profile,
        victim,
        start: acceptedAt.get(victim.id)! + random.int(2, 60) * MINUTE,
        reach,
        pays: reach === 'payment' && random.chance(0.45),
        reports: (reach === 'threat' || reach === 'payment') && random.chance(0.5),
      });
      out.push({ conversationId: result.conversationId, crew: crew.label, scammer: profile.id, victim: victim.id, lang: profile.lang, reach });
    }
  }
  return victims;
}

function validate(options: TrafficOptions): string[] {
  if (typeof options.tenant !== 'string' || !options.tenant.trim()) throw new Error('tenant must be a non-empty string');
  if (!Number.isFinite(options.seed)) throw new Error(`seed must be a finite number, got ${options.seed}`);
  if (!(options.start instanceof Date) || Number.isNaN(options.start.getTime())) throw new Error('start must be a valid Date');
  if (options.crewOffset !== undefined && !(Number.isInteger(options.crewOffset) && options.crewOffset >= 0)) {
    throw new Error(`crewOffset must be a non-negative integer, got ${options.crewOffset}`);
  }
  for (const key of ['ordinaryUsers', 'crews', 'victimsPerCrew'] as const) {
    const value = options[key];
    if (!Number.isInteger(value) || value < 0 || value > LIMITS[key]) {
      throw new Error(`${key} must be an integer between 0 and ${LIMITS[key]}, got ${value}`);
    }
  }
  const languages = options.languages ?? [...LANGUAGES];
  if (languages.length === 0) throw new Error('languages must name at least one language');
  const unknown = languages.filter((lang) => !SCRIPTS.has(lang));
  if (unknown.length) throw new Error(`unknown languages: ${unknown.join(', ')}; known: ${LANGUAGES.join(', ')}`);
  return [...new Set(languages)];
}
