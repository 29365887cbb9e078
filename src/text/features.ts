// One message → everything the classifier looks at: the normalised views, the language, the entities, the cue
// hits and the feature vector. Training and analysis both go through here, so they cannot drift apart.
import { defang, normalise, type NormalisedViews } from './normalise.ts';
import { detectLanguage } from './lang.ts';
import { extractEntities } from './entities.ts';
import { findLinks } from './links.ts';
import { findHandles } from './handles.ts';
import { findCues, type CueHit } from './lexicon.ts';
import { featureText, featurise, type Features } from './model.ts';
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
  features: Features;
}

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
  const features = featurise(featureText(views.latin.text), [...extras].sort(), withPositions);
  return { views, lang, entities, hiddenLinks, cues, features };
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
