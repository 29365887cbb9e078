// One message → everything the classifier looks at: the normalised views, the language, the entities, the cue
// hits and the feature vector. Training and analysis both go through here, so they cannot drift apart.
import { defang, normalise, type NormalisedViews } from './normalise.ts';
import { detectLanguage } from './lang.ts';
import { extractEntities } from './entities.ts';
import { findLinks } from './links.ts';
import { findHandles } from './handles.ts';
import { findCues, type CueHit } from './lexicon.ts';
import { featureText, featurise, MASK_CHAR, type Features } from './model.ts';
import type { MappedText } from './normalise.ts';
import type { Entity } from './types.ts';

export interface MessageFeatures {
  views: NormalisedViews;
  lang: string;
  entities: Entity[];
  /**
   * Links and handles that only appear once leetspeak is undone ("h77p5://k4k40-v01c3.icu/in574ll.apk"). They
   * count as evidence and features, but are not reported as entities: their spelling in the text is not the
   * address.
   */
  hiddenLinks: Entity[];
  cues: CueHit[];
  /** The text the n-grams are taken from: `featureText` of the latin view, account numbers masked. */
  ngramText: string;
  features: Features;
}

/**
 * Entities whose characters are random to the model: wallet addresses, IBANs, codes. Leetspeak turns their
 * digits into letters, so left in they add dozens of arbitrary n-grams that drown the words around them
 * ("send $500 to bc1q…"); masked, the entity feature (`ent:crypto_wallet`) speaks for them instead.
 */
const MASKED_ENTITIES = new Set(['crypto_wallet', 'iban', 'bic', 'remittance', 'gift_card', 'bank_account', 'phone']);

export function describeMessage(text: string, langHint?: string, withPositions = false): MessageFeatures {
  const views = normalise(text);
  const lang = langHint ?? detectLanguage(views.folded.text);
  const entities = extractEntities(views, lang);
  const hiddenLinks = views.latin.text === views.links.text ? [] : findHiddenLinks(views, entities);
  const cues = findCues(views.latin.text);
  const extras = new Set<string>();
  for (const hit of cues) extras.add(`cue:${hit.cue.name}`);
  for (const entity of [...entities, ...hiddenLinks]) for (const name of entityFeatures(entity)) extras.add(name);
  // A linear model cannot see "pretext and a link together" on its own: the conjunction is a feature.
  if (extras.has('ent:url') && (extras.has('cue:app_lure.pretext') || extras.has('cue:app_lure.install'))) extras.add('combo:lure_with_link');
  // A broken-call excuse and an install request in one message are the lure even when the link came earlier.
  if (extras.has('cue:app_lure.pretext') && extras.has('cue:app_lure.install')) extras.add('combo:pretext_install');
  const ngramText = maskEntities(featureText(views.latin.text), views.latin, entities);
  const features = featurise(ngramText, [...extras].sort(), withPositions);
  return { views, lang, entities, hiddenLinks, cues, ngramText, features };
}

/** Replaces the characters of random-looking entities with MASK_CHAR; feature-text position p is latin p - 1. */
function maskEntities(text: string, latin: MappedText, entities: Entity[]): string {
  const ranges = entities.filter((e) => MASKED_ENTITIES.has(e.type));
  if (ranges.length === 0) return text;
  const chars = text.split('');
  for (let p = 0; p < latin.starts.length; p++) {
    if (ranges.some((e) => latin.starts[p] >= e.start && latin.ends[p] <= e.end)) chars[p + 1] = MASK_CHAR;
  }
  return chars.join('');
}

function findHiddenLinks(views: NormalisedViews, entities: Entity[]): Entity[] {
  const known = new Set(entities.map((e) => `${e.type}:${e.value}`));
  const latin = { ...views, links: defang(views.latin) };
  return [...findLinks(latin), ...findHandles(latin)].filter((e) => !known.has(`${e.type}:${e.value}`));
}

function entityFeatures(entity: Entity): string[] {
  const names = [`ent:${entity.type}`];
  if (entity.detail?.apk) names.push('ent:apk');
  if (entity.detail?.shortener) names.push('ent:shortener');
  if (entity.detail?.lookalike) names.push('ent:lookalike');
  return names;
}
