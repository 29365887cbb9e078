// The review console's API under /console/api (session cookie, roles enforced here on the server). The web app
// itself is served by src/adapters/http/web-static.ts.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { typedRoutes } from '../../adapters/http/typed-routes.ts';
import { z } from 'zod';
import { ActionError, CASE_ACTIONS } from './actions.ts';
import type { ConsoleUser, Role } from './auth.ts';
import { buildCaseView } from './case-view.ts';
import { buildDashboard, rulePrecision } from './dashboards.ts';
import { RuleWorkflowError, backtestRules, can } from './rule-workflow.ts';
import type { ConsoleServices } from './index.ts';
import { VERDICTS } from './queue.ts';
import { RingBanError } from './ring-bans.ts';
import { activeBanOf, confirmVerdict } from './case-follow-up.ts';
import { listVictimReports, reportIdForReceipt } from './victim-report-list.ts';
import { CASE_SORTS, CASE_STATUSES, MAX_PAGE, SearchError, groupCases, searchCases, type CaseSearch } from './queue-search.ts';
import { STAGES } from '../../core/signals.ts';
import { previewRules, validateRules } from '../../app/rule-preview.ts';
import { HttpError } from '../../adapters/http/fastify.ts';
import { listDeadLetters, replayDeadLetters } from '../../adapters/webhooks/dead-letters.ts';
import { CONSOLE_CAPABILITIES, type ConsoleCapability } from './permissions.ts';
import { DEFAULT_THROTTLE, SignInThrottle, assertSameOriginWrite, clientAddress, isSecureRequest, type ThrottleLimits } from './guard.ts';

export const SESSION_COOKIE = 'cb_session';

export interface ConsoleRouteDeps {
  console: ConsoleServices;
  /**
   * `Secure` on the session cookie: `true` always; otherwise it is added when the request came over TLS,
   * directly or (with `trustProxy`) through a proxy that says so in X-Forwarded-Proto.
   */
  secureCookies?: boolean;
  /** Trust X-Forwarded-Proto and X-Forwarded-For (only behind a proxy that sets them). */
  trustProxy?: boolean;
  /** Origins besides the console's own that may send console writes (a separately hosted console). */
  allowedOrigins?: readonly string[];
  signInThrottle?: ThrottleLimits;
  now?: () => number;
}

declare module 'fastify' {
  interface FastifyRequest {
    consoleUser?: ConsoleUser;
  }
}

const CaseParams = z.object({ id: z.string().min(1).max(200) });
const Reason = z.string().trim().min(3, 'a reason of at least 3 characters is required').max(2_000);

export async function registerConsoleRoutes(untyped: FastifyInstance, deps: ConsoleRouteDeps): Promise<void> {
  const app = typedRoutes(untyped);
  const svc = deps.console;
  const trustProxy = deps.trustProxy ?? false;
  const throttle = new SignInThrottle(svc.db, deps.signInThrottle ?? DEFAULT_THROTTLE, deps.now);
  // Every console write, including sign-in and sign-out, must come from the console's own origin (CSRF).
  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/console/api/')) assertSameOriginWrite(request, deps.allowedOrigins);
  });
  const requireRole = (...roles: Role[]) => async (request: FastifyRequest) => {
    const token = readCookie(request.headers.cookie, SESSION_COOKIE);
    const user = token ? await svc.users.userForToken(token) : undefined;
    if (!user) throw new HttpError(401, 'unauthenticated', 'sign in to use the console');
    if (roles.length && !roles.includes(user.role)) throw new HttpError(403, 'forbidden', `this needs one of the roles ${roles.join(', ')}; you are ${user.role}`);
    request.consoleUser = user;
  };
  const anyRole = requireRole();
  const staff = requireRole('moderator', 'investigator', 'admin');
  const adminOnly = requireRole('admin');
  const allowed = (capability: ConsoleCapability) => requireRole(...CONSOLE_CAPABILITIES[capability]);
  const user = (request: FastifyRequest) => request.consoleUser!;

  app.post('/console/api/session', { schema: { body: z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }) } }, async (request, reply) => {
    const { username, password } = request.body;
    const address = clientAddress(request, trustProxy);
    try {
      await throttle.check(username, address);
    } catch (error) {
      reply.header('retry-after', String((error as { retryAfterSeconds?: number }).retryAfterSeconds ?? 60));
      throw error;
    }
    const session = await svc.users.signIn(username, password);
    if (!session) {
      await throttle.failed(username, address);
      throw new HttpError(401, 'bad_credentials', 'unknown user name or wrong password');
    }
    await throttle.succeeded(username);
    const secure = deps.secureCookies || isSecureRequest(request, trustProxy) ? '; Secure' : '';
    // Scoped to the console API: the public help page never receives or sends a console session.
    reply.header('set-cookie', `${SESSION_COOKIE}=${session.token}; Path=/console/api; HttpOnly; SameSite=Strict; Max-Age=${12 * 3600}${secure}`);
    return { user: session.user };
  });
  // Public on purpose: the console asks on every load whether it is signed in, and "no" is an answer, not an
  // error (a 401 here made every browser log a failed request before the sign-in form).
  app.get('/console/api/session', async (request) => {
    const token = readCookie(request.headers.cookie, SESSION_COOKIE);
    return { user: (token ? await svc.users.userForToken(token) : undefined) ?? null };
  });
  app.delete('/console/api/session', async (request, reply) => {
    const token = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (token) await svc.users.signOut(token);
    const secure = deps.secureCookies || isSecureRequest(request, trustProxy) ? '; Secure' : '';
    reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/console/api; HttpOnly; SameSite=Strict; Max-Age=0${secure}`);
    return { signedOut: true };
  });

  app.get('/console/api/queues', { onRequest: staff }, async (request) => ({ queues: await svc.queue.queues(user(request).tenant) }));

  const CaseSearchQuery = z.object({
    q: z.string().trim().max(200).optional(),
    queue: z.string().max(100).optional(),
    stage: z.enum(STAGES).optional(),
    status: z.enum(CASE_STATUSES).optional(),
    assignee: z.string().max(100).optional(),
    language: z.string().regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})?$/i, 'a language code such as en or pt-br').optional(),
    ring: z.string().max(200).optional(),
    sort: z.enum(CASE_SORTS).optional(),
    reverse: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  });
  const searchOf = (request: FastifyRequest, query: z.infer<typeof CaseSearchQuery>): CaseSearch => {
    const { reverse, ...q } = query;
    // Users bound to a tenant only ever see its cases; the ring filter needs a tenant, the help page's by default.
    return { ...q, reverse: reverse === 'true', tenant: user(request).tenant ?? (q.ring ? svc.help.tenant : null) };
  };
  app.get('/console/api/cases', { onRequest: staff, schema: { querystring: CaseSearchQuery } }, async (request) => {
    try {
      return await searchCases(svc.db, searchOf(request, request.query), svc.rings, svc.readIdentifiers);
    } catch (error) {
      if (error instanceof SearchError) throw new HttpError(400, 'invalid_search', error.message);
      throw error;
    }
  });
  app.get('/console/api/case-groups', { onRequest: staff, schema: { querystring: CaseSearchQuery.extend({ by: z.enum(['suspect', 'ring']).default('suspect') }) } }, async (request) =>
    groupCases(svc.db, { ...searchOf(request, request.query), by: request.query.by }, svc.rings, svc.readIdentifiers),
  );

  app.get('/console/api/cases/:id', { onRequest: staff, schema: { params: CaseParams } }, async (request) => {
    const caseRow = await findCase(svc, request.params.id, user(request));
    const view = await buildCaseView({ db: svc.db, rings: svc.rings }, caseRow);
    // Preserved evidence is held for law enforcement: who looked at it, and when, is part of its chain of custody.
    const preserved = await svc.db.selectFrom('console_audit_log').select('seq').where('case_id', '=', caseRow.id).where('action', '=', 'preserve_evidence').limit(1).executeTakeFirst();
    if (preserved) await svc.audit.append({ actor: user(request).username, role: user(request).role, action: 'view_evidence', targetType: 'case', targetId: caseRow.id, caseId: caseRow.id, reason: 'opened the case page with preserved evidence' });
    return { ...view, suspectRingBan: await activeBanOf(svc, caseRow.tenant, view.ringId), enforcements: await svc.actions.enforcementsForCase(caseRow.id), audit: await svc.audit.list({ caseId: caseRow.id, limit: 200 }) };
  });

  app.post('/console/api/cases/:id/claim', { onRequest: allowed('claimCase'), schema: { params: CaseParams } }, async (request) => {
    const id = request.params.id;
    const result = await svc.queue.claim(id, user(request).username, user(request).tenant);
    if (result.ok) {
      await svc.audit.append({ actor: user(request).username, role: user(request).role, action: 'claim_case', targetType: 'case', targetId: id, caseId: id, reason: 'claimed for review' });
      return { case: result.case };
    }
    if (result.reason === 'not_found') throw new HttpError(404, 'not_found', `no case ${id}`);
    if (result.reason === 'closed') throw new HttpError(409, 'case_closed', `case ${id} is closed`);
    throw new HttpError(409, 'claimed_by_other', `case ${id} is being worked by ${result.claimedBy}`);
  });

  app.post('/console/api/cases/:id/release', { onRequest: allowed('releaseCase'), schema: { params: CaseParams } }, async (request) => {
    const id = request.params.id;
    if (!(await svc.queue.release(id, user(request).username, user(request).tenant))) throw new HttpError(409, 'not_claimed', `you do not hold case ${id}`);
    await svc.audit.append({ actor: user(request).username, role: user(request).role, action: 'release_case', targetType: 'case', targetId: id, caseId: id, reason: 'released back to the queue' });
    return { released: true };
  });

  app.post(
    '/console/api/cases/:id/reassign',
    { onRequest: adminOnly, schema: { params: CaseParams, body: z.object({ to: z.string().min(1).max(100), reason: Reason }) } },
    async (request) => {
      const id = request.params.id;
      const { to, reason } = request.body;
      const target = await svc.db.selectFrom('console_users').select(['username', 'role']).where('username', '=', to).executeTakeFirst();
      if (!target || target.role === 'investigator') throw new HttpError(400, 'invalid_assignee', `${to} is not a moderator or admin`);
      const before = await findCase(svc, id, user(request));
      if (!(await svc.queue.reassign(id, to, user(request).tenant))) throw new HttpError(409, 'case_closed', `case ${id} is closed`);
      await svc.audit.append({ actor: user(request).username, role: user(request).role, action: 'reassign_case', targetType: 'case', targetId: id, caseId: id, reason, details: { from: before.claimed_by, to } });
      return { case: await svc.queue.get(id) };
    },
  );

  app.post(
    '/console/api/cases/:id/actions',
    { onRequest: staff, schema: { params: CaseParams, body: z.object({ action: z.enum(CASE_ACTIONS), reason: Reason }) } },
    async (request) => {
      const { action, reason } = request.body;
      try {
        return await svc.actions.apply(user(request), request.params.id, action, reason);
      } catch (error) {
        throw actionHttpError(error);
      }
    },
  );

  app.post(
    '/console/api/cases/:id/close',
    { onRequest: allowed('closeCase'), schema: { params: CaseParams, body: z.object({ verdict: z.enum(VERDICTS), reason: Reason }) } },
    async (request) => {
      const id = request.params.id;
      const { verdict, reason } = request.body;
      if (!(await svc.queue.close(id, user(request).username, verdict))) throw new HttpError(409, 'not_claimed', `claim case ${id} before closing it`);
      const entry = await svc.audit.append({ actor: user(request).username, role: user(request).role, action: 'close_case', targetType: 'case', targetId: id, caseId: id, reason, details: { verdict } });
      await confirmVerdict(svc, id, verdict, reason);
      return { closed: true, verdict, auditSeq: entry.seq };
    },
  );

  app.post(
    '/console/api/cases/bulk',
    {
      onRequest: requireRole('moderator', 'admin'),
      schema: { body: z.object({ ids: z.array(z.string().min(1).max(200)).min(1).max(MAX_PAGE), action: z.enum(['close', 'release']), verdict: z.enum(VERDICTS).optional(), reason: Reason }) },
    },
    async (request) => {
      const body = request.body;
      if (body.action === 'close' && !body.verdict) throw new HttpError(400, 'invalid', 'closing cases needs a verdict');
      const me = user(request);
      const done: string[] = [];
      const skipped: { id: string; problem: string }[] = [];
      for (const id of [...new Set(body.ids)]) {
        if (body.action === 'release') {
          if (await svc.queue.release(id, me.username, me.tenant)) {
            await svc.audit.append({ actor: me.username, role: me.role, action: 'release_case', targetType: 'case', targetId: id, caseId: id, reason: body.reason, details: { bulk: true } });
            done.push(id);
          } else skipped.push({ id, problem: 'you do not hold it' });
          continue;
        }
        // Closing in bulk claims each case first, so a case someone else is working is never closed under them.
        const claim = await svc.queue.claim(id, me.username, me.tenant);
        if (!claim.ok) {
          skipped.push({ id, problem: claim.reason === 'claimed_by_other' ? `being worked by ${claim.claimedBy}` : claim.reason === 'closed' ? 'already closed' : 'not found' });
          continue;
        }
        await svc.queue.close(id, me.username, body.verdict!);
        await svc.audit.append({ actor: me.username, role: me.role, action: 'close_case', targetType: 'case', targetId: id, caseId: id, reason: body.reason, details: { verdict: body.verdict, bulk: true } });
        await confirmVerdict(svc, id, body.verdict!, body.reason);
        done.push(id);
      }
      return { done, skipped };
    },
  );

  app.get('/console/api/ring-bans', { onRequest: staff, schema: { querystring: z.object({ ring: z.string().max(200).optional() }) } }, async (request) => ({
    bans: await svc.ringBans.list({ tenant: user(request).tenant, ringId: request.query.ring }),
  }));
  app.post(
    '/console/api/ring-bans/:id/undo',
    { onRequest: requireRole('moderator', 'admin'), schema: { params: CaseParams, body: z.object({ reason: Reason }) } },
    async (request) => {
      try {
        return { ban: await svc.ringBans.undo(user(request), request.params.id, request.body.reason) };
      } catch (error) {
        if (error instanceof RingBanError) throw new HttpError(error.code === 'not_found' ? 404 : 409, error.code, error.message);
        throw error;
      }
    },
  );

  app.get(
    '/console/api/audit',
    { onRequest: staff, schema: { querystring: z.object({ caseId: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(1000).default(100), beforeSeq: z.coerce.number().int().min(1).optional() }) } },
    // A user bound to a tenant reads only the entries about that tenant's cases (issue 17.3).
    async (request) => ({ entries: await svc.audit.list({ ...request.query, tenant: user(request).tenant }) }),
  );
  app.get('/console/api/audit/verify', { onRequest: allowed('verifyAudit') }, async () => svc.audit.verify());

  app.get('/console/api/dashboard', { onRequest: staff }, async (request) => buildDashboard(svc.db, svc.rings, user(request).tenant));

  app.get('/console/api/rings/:id', { onRequest: staff, schema: { params: CaseParams, querystring: z.object({ tenant: z.string().min(1).max(100).optional() }) } }, async (request) => {
    const id = request.params.id;
    // Users bound to a tenant see only its rings; others name the tenant (rings ids are per tenant).
    const tenant = user(request).tenant ?? request.query.tenant ?? svc.help.tenant;
    const graph = await svc.rings?.graph(tenant, id);
    if (!graph) throw new HttpError(404, 'not_found', `no ring ${id}`);
    return graph;
  });

  app.get('/console/api/rules', { onRequest: staff }, async (request) => ({ source: (await svc.rulesSource?.()) ?? '', canDeploy: svc.ruleWorkflow.canDeploy && can(user(request), 'rules:deploy') }));
  const RuleSource = z.object({ source: z.string().min(1, 'the rule file is empty').max(500_000) });
  app.post('/console/api/rules/validate', { onRequest: staff, schema: { body: RuleSource } }, async (request) => validateRules(request.body.source));
  app.post('/console/api/rules/preview', { onRequest: requireRole('admin', 'investigator', 'moderator'), schema: { body: RuleSource.extend({ limit: z.number().int().min(1).max(50_000).optional() }) } }, async (request) => {
    const body = request.body;
    return previewRules(svc.db, body.source, { tenant: user(request).tenant, limit: body.limit });
  });

  // Webhook dead letters: admins see their tenant's (all, when bound to none) and replay them.
  app.get('/console/api/webhooks/dead-letters', { onRequest: allowed('webhookDeadLetters') }, async (request) => ({ deadLetters: await listDeadLetters(svc.db, { tenant: user(request).tenant }) }));
  app.post(
    '/console/api/webhooks/dead-letters/replay',
    { onRequest: allowed('webhookDeadLetters'), schema: { body: z.object({ ids: z.array(z.string().min(1).max(100)).min(1).max(1000).optional() }) } },
    async (request) => {
      const { ids } = request.body;
      const replayed = await replayDeadLetters(svc.db, { ids, tenant: user(request).tenant });
      await svc.audit.append({ actor: user(request).username, role: user(request).role, action: 'replay_webhooks', targetType: 'webhook', targetId: ids?.join(',').slice(0, 200) ?? 'all', reason: 'dead-letter replay', details: { replayed } });
      return { replayed };
    },
  );

  const ruleError = (error: unknown) => {
    if (!(error instanceof RuleWorkflowError)) return error;
    const status = { not_found: 404, forbidden: 403, invalid: 400, no_deployer: 409 }[error.code];
    return new HttpError(status, error.code === 'invalid' ? 'invalid_rules' : error.code, error.message);
  };
  const DraftBody = z.object({ id: z.string().max(64).optional(), name: z.string().trim().min(1).max(200), source: z.string().max(500_000) });
  app.get('/console/api/rules/drafts', { onRequest: staff }, async () => ({ drafts: await svc.ruleWorkflow.drafts() }));
  app.get('/console/api/rules/drafts/:id', { onRequest: staff, schema: { params: CaseParams } }, async (request) => {
    const draft = await svc.ruleWorkflow.draft(request.params.id);
    if (!draft) throw new HttpError(404, 'not_found', 'no such rule draft');
    return { draft, check: validateRules(draft.source) };
  });
  app.post('/console/api/rules/drafts', { onRequest: staff, schema: { body: DraftBody } }, async (request) => {
    try {
      const draft = await svc.ruleWorkflow.saveDraft(user(request), request.body);
      return { draft, check: validateRules(draft.source) };
    } catch (error) {
      throw ruleError(error);
    }
  });
  app.post('/console/api/rules/diff', { onRequest: staff, schema: { body: RuleSource } }, async (request) => ({ lines: await svc.ruleWorkflow.diff(request.body.source) }));
  app.post('/console/api/rules/backtest', { onRequest: staff, schema: { body: RuleSource.extend({ limit: z.number().int().min(1).max(50_000).optional() }) } }, async (request) => {
    const body = request.body;
    return backtestRules(svc.db, body.source, { tenant: user(request).tenant, limit: body.limit });
  });
  app.post('/console/api/rules/deploy', { onRequest: staff, schema: { body: RuleSource.extend({ reason: Reason, draftId: z.string().max(64).optional() }) } }, async (request) => {
    try {
      return { deploy: await svc.ruleWorkflow.deploy(user(request), request.body) };
    } catch (error) {
      throw ruleError(error);
    }
  });
  app.get('/console/api/rules/deploys', { onRequest: staff }, async () => ({ deploys: await svc.ruleWorkflow.deploys() }));
  app.post('/console/api/rules/deploys/:id/rollback', { onRequest: staff, schema: { params: CaseParams, body: z.object({ reason: Reason }) } }, async (request) => {
    try {
      return { deploy: await svc.ruleWorkflow.rollback(user(request), request.params.id, request.body.reason) };
    } catch (error) {
      throw ruleError(error);
    }
  });
  app.get('/console/api/rules/precision', { onRequest: staff }, async (request) => ({ rules: await rulePrecision(svc.db, user(request).tenant) }));

  const reportReaders = requireRole('investigator', 'admin', 'moderator');
  app.get(
    '/console/api/victim-reports',
    { onRequest: reportReaders, schema: { querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), offset: z.coerce.number().int().min(0).default(0) }) } },
    async (request) => listVictimReports(svc.db, svc.rings, { ...request.query, tenant: user(request).tenant }),
  );
  // POST, so a receipt code never lands in an access log or the browser history.
  app.post('/console/api/victim-reports/lookup', { onRequest: reportReaders, schema: { body: z.object({ receipt: z.string().trim().min(4).max(60) }) } }, async (request) => {
    const id = await reportIdForReceipt(svc.db, request.body.receipt, user(request).tenant);
    if (!id) throw new HttpError(404, 'not_found', 'no report has this receipt code');
    await svc.audit.append({ actor: user(request).username, role: user(request).role, action: 'lookup_victim_report', targetType: 'victim_report', targetId: id, reason: 'looked up by the receipt code the reporter gave' });
    return listVictimReports(svc.db, svc.rings, { ids: [id] });
  });
  app.post(
    '/console/api/victim-reports/:id/review',
    { onRequest: reportReaders, schema: { params: CaseParams, body: z.object({ reason: Reason }) } },
    async (request) => {
      const id = request.params.id;
      const found = await listVictimReports(svc.db, svc.rings, { ids: [id], tenant: user(request).tenant });
      if (!found.total) throw new HttpError(404, 'not_found', `no victim report ${id}`);
      const entry = await svc.audit.append({ actor: user(request).username, role: user(request).role, action: 'review_victim_report', targetType: 'victim_report', targetId: id, reason: request.body.reason, details: { rings: found.reports[0].rings } });
      return { reviewed: true, auditSeq: entry.seq };
    },
  );
}

async function findCase(svc: ConsoleServices, id: string, user: ConsoleUser) {
  const caseRow = await svc.queue.get(id, user.tenant);
  if (!caseRow) throw new HttpError(404, 'not_found', `no case ${id}`);
  return caseRow;
}

function actionHttpError(error: unknown): unknown {
  if (!(error instanceof ActionError)) return error;
  const status = { forbidden: 403, not_claimed: 409, not_found: 404, invalid: 400 }[error.code];
  return new HttpError(status, error.code, error.message);
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}
