// What the public help page shows besides its fixed text: local hotlines, configurable per deployment.
import { z } from 'zod';

export const Hotline = z.object({
  name: z.string().min(1).max(200),
  /** ISO 3166 alpha-2 country, or `*` for a service that helps everywhere. */
  country: z.string().regex(/^([A-Z]{2}|\*)$/, 'country must be an ISO 3166 alpha-2 code or *'),
  phone: z.string().max(50).optional(),
  url: z.url().max(500).optional(),
  languages: z.array(z.string().max(10)).max(20).default([]),
});
export type Hotline = z.infer<typeof Hotline>;

export const HelpConfig = z.object({
  hotlines: z.array(Hotline).max(200).default([]),
  /** Tenant victim reports are filed under. */
  tenant: z.string().min(1).max(100).default('public'),
});
export type HelpConfig = z.infer<typeof HelpConfig>;

/** Services that accept reports from anywhere; deployments add their country's lines in the config. */
export const DEFAULT_HELP_CONFIG: HelpConfig = {
  tenant: 'public',
  hotlines: [
    { name: 'NCMEC Take It Down (under 18 when the images were made)', country: '*', url: 'https://takeitdown.ncmec.org/', languages: [] },
    { name: 'StopNCII.org (adults)', country: '*', url: 'https://stopncii.org/', languages: [] },
    { name: 'Local police emergency number', country: '*', languages: [] },
  ],
};
