// Per-conversation and per-account state the engine keeps between events. Plain JSON-serialisable
// objects, so the store can persist them in the same transaction as the event that changed them.
import type { Stage } from '../signals.ts';

export interface StageHit {
  /** Epoch ms of the first and latest event that showed this stage. */
  first: number;
  last: number;
  /** Event that first showed it, and the strongest score seen. */
  eventId: string;
  score: number;
  /** Who showed it (the sender of the message, for message stages). */
  by: string;
}

export interface ConversationState {
  tenant: string;
  id: string;
  participants: string[];
  firstSeen: number;
  lastSeen: number;
  messageCount: number;
  stages: Partial<Record<Stage, StageHit>>;
  /** The account whose messages showed the attack stages, once one did. */
  suspect: string | null;
  flagged: boolean;
  /** What the chain logic (chain.ts) remembers: who wrote, who did which act. Absent in older states. */
  chain?: ConversationChain;
}

/** One participant's acts of one stage in a conversation. */
export interface ChainAct {
  first: number;
  last: number;
  score: number;
  count: number;
}

export interface ConversationChain {
  /** The sender of the conversation's first message. */
  openedBy: string | null;
  /** Messages per participant, with the time of their first and latest. */
  messagesBy: Record<string, { count: number; first: number; last: number }>;
  /** Each participant's own acts per stage (the conversation's stages only keep who showed a stage first). */
  actsBy: Record<string, Partial<Record<Stage, ChainAct>>>;
}

export interface AccountState {
  tenant: string;
  id: string;
  firstSeen: number;
  lastSeen: number;
  createdAt: number | null;
  profile: {
    completeness: number;
    declaredCountry: string | null;
    observedCountry: string | null;
    photoCount: number;
  };
  /** Times of connection requests sent in the recent window (bounded). */
  requestTimes: number[];
  requestsSent: number;
  requestsAccepted: number;
  /** Opener fingerprint -> distinct recipients it went to (bounded). */
  openers: Record<string, string[]>;
  conversationsStarted: number;
  offplatformConversations: string[];
  reports: { count: number; categories: Record<string, number>; reporters: string[] };
  linkedToBad: { ring: string; via: string } | null;
  status: 'active' | 'restricted' | 'banned';
  /** Profile facts the chain logic keeps from account events (photo reuse, declared age). Absent in older states. */
  chainProfile?: { photoFlag: { kind: string; score: number; time: number } | null; declaredAge: number | null };
  /** Attack stages this account itself brought into a conversation (bounded; absent in older states). */
  chainActs?: { stage: Stage; conversation: string; time: number }[];
}

export const MAX_REQUEST_TIMES = 200;
export const MAX_OPENERS = 50;
export const MAX_TRACKED_IDS = 200;

export function newConversation(tenant: string, id: string, time: number): ConversationState {
  return {
    tenant,
    id,
    participants: [],
    firstSeen: time,
    lastSeen: time,
    messageCount: 0,
    stages: {},
    suspect: null,
    flagged: false,
  };
}

export function newAccount(tenant: string, id: string, time: number): AccountState {
  return {
    tenant,
    id,
    firstSeen: time,
    lastSeen: time,
    createdAt: null,
    profile: { completeness: 0, declaredCountry: null, observedCountry: null, photoCount: 0 },
    requestTimes: [],
    requestsSent: 0,
    requestsAccepted: 0,
    openers: {},
    conversationsStarted: 0,
    offplatformConversations: [],
    reports: { count: 0, categories: {}, reporters: [] },
    linkedToBad: null,
    status: 'active',
  };
}

/** Adds a value to a bounded, duplicate-free list; the oldest entries fall off. */
export function addBounded(list: string[], value: string, max = MAX_TRACKED_IDS): void {
  if (list.includes(value)) return;
  list.push(value);
  if (list.length > max) list.splice(0, list.length - max);
}
