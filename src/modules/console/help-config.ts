// What the public help page shows besides its fixed text: per-country hotlines and the quick-exit target,
// configurable per deployment. The defaults (help-hotlines.ts) are merged with the configured lines by key.
import { z } from 'zod';
import { DEFAULT_HOTLINES } from './help-hotlines.ts';

/** What a line is for; the page shows a translated label for each, so names can stay in their own language. */
export const HOTLINE_KINDS = ['emergency', 'police', 'cyber_report', 'image_removal', 'support', 'child_protection'] as const;
/** Who a line serves: Take It Down is for images made under 18, StopNCII for adults. */
export const HOTLINE_AUDIENCES = ['all', 'under18', 'adults'] as const;

export const Hotline = z
  .strictObject({
    /** Stable id: a configured line with the key of a default line replaces it; `removeHotlines` drops it. */
    key: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'key must be lower-case letters, digits and dashes'),
    name: z.string().trim().min(1).max(200),
    /** ISO 3166 alpha-2 country, or `*` for a service that helps everywhere. */
    country: z.string().regex(/^([A-Z]{2}|\*)$/, 'country must be an ISO 3166 alpha-2 code or *'),
    kind: z.enum(HOTLINE_KINDS),
    audience: z.enum(HOTLINE_AUDIENCES).default('all'),
    phone: z.string().trim().regex(/^[+0-9#*(][0-9 ()#*.-]{1,40}$/, 'phone must be digits, spaces, dashes, brackets, # or *').optional(),
    url: z.url({ protocol: /^https?$/ }).max(500).optional(),
    /** Where the number or address was checked; kept for whoever maintains the list, not shown to victims. */
    source: z.url().max(1000).optional(),
  })
  .refine((h) => h.phone || h.url, { message: 'a hotline needs a phone number or a URL' });
export type Hotline = z.infer<typeof Hotline>;

export const HelpConfig = z.strictObject({
  hotlines: z.array(Hotline).max(300),
  /** Tenant victim reports are filed under. */
  tenant: z.string().min(1).max(100).default('public'),
  /** Where quick exit (button or Escape) sends the page: a site that looks ordinary on a shared screen. */
  quickExitUrl: z.url({ protocol: /^https?$/ }).max(500).default('https://www.google.com/'),
});
export type HelpConfig = z.infer<typeof HelpConfig>;

/** The deployment's `help` settings: its own lines are merged over the defaults by key. */
export const HelpSettings = z.strictObject({
  tenant: z.string().min(1).max(100).optional(),
  hotlines: z.array(Hotline).max(200).optional(),
  /** Keys of default lines to leave out (a deployment that lists a line it prefers, or serves one country). */
  removeHotlines: z.array(z.string().max(64)).max(300).optional(),
  /** false: show only the configured lines. */
  defaultHotlines: z.boolean().optional(),
  quickExitUrl: z.url({ protocol: /^https?$/ }).max(500).optional(),
});
/** As written in the configuration (defaults not yet filled in). */
export type HelpSettings = z.input<typeof HelpSettings>;

export function resolveHelpConfig(settings: HelpSettings = {}): HelpConfig {
  const parsed = HelpSettings.parse(settings);
  const removed = new Set(parsed.removeHotlines ?? []);
  const merged = new Map<string, Hotline>();
  if (parsed.defaultHotlines !== false) for (const line of DEFAULT_HOTLINES) merged.set(line.key, line);
  for (const line of parsed.hotlines ?? []) merged.set(line.key, line);
  for (const key of removed) merged.delete(key);
  return HelpConfig.parse({ hotlines: [...merged.values()], tenant: parsed.tenant, quickExitUrl: parsed.quickExitUrl });
}

/** The defaults as a deployment without a `help` section gets them. */
export const DEFAULT_HELP_CONFIG: HelpConfig = resolveHelpConfig();

/** What the page receives: the lines without their maintenance notes. */
export function publicHelpConfig(config: HelpConfig): { hotlines: Omit<Hotline, 'source'>[]; quickExitUrl: string } {
  return { hotlines: config.hotlines.map(({ source: _source, ...line }) => line), quickExitUrl: config.quickExitUrl };
}
