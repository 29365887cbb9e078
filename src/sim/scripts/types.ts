// The shape of one language's scripts. Templates use {placeholders} the generator fills in:
// {name} the recipient's first name, {me} the sender's name, {app} a messenger's name, {handle} the
// messenger handle or link, {link} the lure download link, {amount} a formatted sum, {payment} the
// payment instructions, {pay_app} an everyday payment app.
import type { MessengerKind, PaymentKind } from '../identifiers.ts';

export interface ScamLines {
  /** One is chosen per fake profile and sent almost unchanged to many people (that is the tell). */
  openers: string[];
  victimGreetings: string[];
  flirting: string[];
  victimFlirting: string[];
  /** Suggestive, never explicit. */
  escalation: string[];
  victimHesitant: string[];
  /** Must contain {handle}; may contain {app}. */
  offplatform: string[];
  victimAgrees: string[];
  /** Lure with the download link in the text: must contain {link}. */
  appLureLink: string[];
  /** Lure sent alongside an APK attachment. */
  appLureAttachment: string[];
  threat: string[];
  /** Must contain {payment}; may contain {amount}. */
  payment: string[];
  victimPleads: string[];
  /** What a victim writes in an in-app report. */
  reportTexts: string[];
  /** What a victim writes when reporting the payment they made. */
  paymentReportTexts: string[];
}

export interface OrdinaryLines {
  greetings: string[];
  smallTalk: string[];
  replies: string[];
  /** Genuine video-call invitations between people who know each other. */
  videoCall: string[];
  /** Genuine money talk; may contain {amount} and {pay_app}. */
  money: string[];
  /** Genuine tech trouble ("my mic is broken"). */
  tech: string[];
  /** People discussing sextortion scams in the news: they mention threats and payments but are not part of one. */
  news: string[];
  bios: string[];
}

export interface LanguageScript {
  /** BCP 47 tag, e.g. `en`, `tl`, `hi-Latn`. */
  lang: string;
  /** Country the personas claim and ordinary users live in (ISO 3166 alpha-2). */
  country: string;
  personaNames: string[];
  personaBios: string[];
  /** First names of ordinary users and of the people the crews target. */
  peopleNames: string[];
  messengers: MessengerKind[];
  payments: PaymentKind[];
  currency: { code: string; symbol: string; amounts: number[] };
  /** Everyday payment apps ordinary users mention. */
  payApps: string[];
  scam: ScamLines;
  ordinary: OrdinaryLines;
}
