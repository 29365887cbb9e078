// The start-up check of webhook target URLs. Webhooks are configured by the operator, not by strangers, and
// operators often point them at internal services (and the demo and tests at 127.0.0.1), so the check is
// opt-in (`webhookPolicy.check`) and any internal address the operator means can be listed in
// `webhookPolicy.allowAddresses`. With the check on, a typo or a copied config that aims signed decisions
// at a metadata endpoint or someone's private network stops the service at start instead.
import { compileTargetPolicy, resolveTarget, type FetchFailure, type ResolvedAddress, type Resolver } from './target.ts';

export interface WebhookTargetPolicy {
  /** CIDRs (optionally `addr:port`) webhooks may be delivered to although internal, e.g. `10.20.0.0/16`, `127.0.0.1`. */
  allowAddresses?: readonly string[];
  resolver?: Resolver;
  /** Limit on resolving one target's host name (default 5 s). */
  timeoutMs?: number;
}

export type WebhookTargetCheck = { ok: true; addresses: ResolvedAddress[] } | FetchFailure;

const WORDING = { action: 'deliver webhooks to', hint: 'list it in webhookPolicy.allowAddresses if it is meant' };

/** Vets one webhook URL like a fetch target: http(s), no credentials, every resolved address allowed. */
export async function checkWebhookTarget(url: string, policy: WebhookTargetPolicy = {}): Promise<WebhookTargetCheck> {
  const compiled = compileTargetPolicy({ allowAddresses: policy.allowAddresses, resolver: policy.resolver }, WORDING);
  const signal = AbortSignal.timeout(policy.timeoutMs ?? 5_000);
  try {
    const target = await resolveTarget(url, compiled, signal);
    return target.ok ? { ok: true, addresses: target.addresses } : target;
  } catch (error) {
    if (!signal.aborted) throw error;
    return { ok: false, code: 'timeout', reason: `could not check webhook target ${url}: its host name did not resolve in time`, url };
  }
}

/** Checks every target and throws one error naming each refused one. */
export async function assertWebhookTargets(urls: readonly string[], policy: WebhookTargetPolicy = {}): Promise<void> {
  const checks = await Promise.all(urls.map((url) => checkWebhookTarget(url, policy)));
  const refused = checks.filter((c) => !c.ok).map((c) => (c as FetchFailure).reason);
  if (refused.length) throw new Error(`webhook targets refused (webhookPolicy.check is on): ${refused.join('; ')}`);
}
