// Moderator-facing exchange routes under /console/api (console session cookie, roles checked here before the body
// is read, writes only from the console's own origin as for every console route): victim-safe enforcement plans
// on a case, removal-request clocks in the queue and their closing, and the evidence package for the authorities.
// Who may do what follows the console's permission table (permissions.ts): scheduling steps is taking the case
// actions they contain, so it needs the roles that may restrict and ban; reading plans and deadlines is staff work.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { typedRoutes } from '../../adapters/http/typed-routes.ts';
import { z } from 'zod';
import { HttpError } from '../../adapters/http/fastify.ts';
import { CASE_ACTIONS, type CaseAction } from '../console/actions.ts';
import type { ConsoleUser, Role } from '../console/auth.ts';
import { readCookie, SESSION_COOKIE } from '../console/http.ts';
import { assertSameOriginWrite } from '../console/guard.ts';
import { CASE_ACTION_ROLES } from '../console/permissions.ts';
import * as S from './http-schemas.ts';
import { buildAuthorityPackage } from './authority-report.ts';
import { DeadlineError } from './deadlines.ts';
import { checkPlan, PlanError, victimSafePlan, type PlanStep } from './enforcement-plan.ts';
import type { ExchangeServices } from './index.ts';

const CaseParams = z.object({ id: z.string().min(1).max(200) });
const Reason = z.string().trim().min(3, 'a reason of at least 3 characters is required').max(2_000);
const Time = z.iso.datetime({ offset: true });

function fail(error: unknown): never {
  if (error instanceof PlanError || error instanceof DeadlineError) {
    const status = /^no (case|plan|removal request)/.test(error.message) ? 404 : /claim case/.test(error.message) ? 409 : /may not/.test(error.message) ? 403 : 400;
    throw new HttpError(status, status === 404 ? 'not_found' : status === 409 ? 'not_claimed' : status === 403 ? 'forbidden' : 'invalid_request', error.message);
  }
  throw error;
}

const tags = ['console'];

interface ConsoleRouteDeps {
  exchange: ExchangeServices;
  /** Origins besides the console's own that may send console writes (the console's `allowedOrigins`). */
  allowedOrigins?: readonly string[];
}

export async function registerExchangeConsoleRoutes(app: FastifyInstance, deps: ConsoleRouteDeps): Promise<void> {
  // JSON bodies only (any other content type is a 415), in a scope of their own so no other route is affected.
  await app.register(async (scope) => {
    scope.removeContentTypeParser('text/plain');
    registerRoutes(scope, deps);
  });
}

function registerRoutes(untyped: FastifyInstance, deps: ConsoleRouteDeps): void {
  const app = typedRoutes(untyped);
  const ex = deps.exchange;
  const svc = ex.console;
  const requireRole = (...roles: Role[]) => async (request: FastifyRequest) => {
    // Cross-site writes are refused before anything else, as on every console route (CSRF).
    assertSameOriginWrite(request, deps.allowedOrigins);
    const token = readCookie(request.headers.cookie, SESSION_COOKIE);
    const user = token ? await svc.users.userForToken(token) : undefined;
    if (!user) throw new HttpError(401, 'unauthenticated', 'sign in to use the console');
    if (roles.length && !roles.includes(user.role)) throw new HttpError(403, 'forbidden', `this needs one of the roles ${roles.join(', ')}; you are ${user.role}`);
    request.consoleUser = user;
  };
  const staff = requireRole('moderator', 'investigator', 'admin');
  // A plan ends in a ring ban: whoever schedules it must be allowed to ban the ring.
  const enforcers = requireRole(...CASE_ACTION_ROLES.ban_ring);
  const user = (request: FastifyRequest): ConsoleUser => request.consoleUser!;

  app.post(
    '/console/api/cases/:id/plans',
    {
      onRequest: enforcers,
      schema: {
        params: CaseParams,
        body: z.object({
          reason: Reason,
          ban_at: Time.optional(),
          protect_at: Time.optional(),
          warn_victim: z.boolean().default(true),
          steps: z.array(z.object({ action: z.enum(CASE_ACTIONS), at: Time, why: z.string().trim().min(3).max(500) })).max(20).optional(),
        }),
        tags,
        summary: 'Schedule a victim-safe plan: protect now (preserve evidence, hide the social graph, warn the victim), ban the ring at ban_at',
        description: 'Or give the steps yourself; a ring ban without preserve_evidence and hide_social_graph at or before it is refused. Needs the claim on the case and a reason; audited.',
        response: { 201: S.PlanAnswer, 409: S.Conflict },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const b = request.body;
      const now = Date.now();
      try {
        const steps: PlanStep[] = b.steps
          ? checkPlan(b.steps.map((s) => ({ action: s.action, at: Date.parse(s.at), why: s.why })), now)
          : victimSafePlan({ banAt: b.ban_at ? Date.parse(b.ban_at) : undefined, protectAt: b.protect_at ? Date.parse(b.protect_at) : undefined, warnVictim: b.warn_victim }, now);
        const plan = await ex.scheduler.schedule(user(request), id, steps, b.reason);
        // Steps due now run at once rather than at the next tick: protection should not wait.
        void ex.scheduler.runDue().catch(() => undefined);
        return reply.status(201).send(plan);
      } catch (error) {
        fail(error);
      }
    },
  );
  app.get('/console/api/cases/:id/plans', { onRequest: staff, schema: { tags, summary: "A case's scheduled steps with their status (pending, done, failed, cancelled, interrupted)", params: CaseParams, response: { 200: S.PlanSteps } } }, async (request) => {
    const { id } = request.params;
    if (!(await svc.queue.get(id, user(request).tenant))) throw new HttpError(404, 'not_found', `no case ${id}`);
    return { steps: await ex.scheduler.stepsForCase(id) };
  });
  app.post('/console/api/plans/:id/cancel', { onRequest: enforcers, schema: { tags, summary: 'Cancel the steps of a plan that have not fired yet (audited)', params: CaseParams, body: z.object({ reason: Reason }), response: { 200: S.Cancelled } } }, async (request) => {
    const cancelled = await ex.scheduler.cancel(user(request), request.params.id, request.body.reason).catch(fail);
    return { cancelled };
  });

  app.get(
    '/console/api/removals',
    { onRequest: staff, schema: { tags, summary: "Removal requests of the user's tenant, nearest deadline first, each with its clock", querystring: z.object({ status: z.enum(['open', 'removed', 'rejected']).optional(), case_id: z.string().max(200).optional() }), response: { 200: S.RemovalList } } },
    async (request) => {
      const q = request.query;
      return { removals: await ex.removals.list({ tenant: user(request).tenant, status: q.status, caseId: q.case_id }) };
    },
  );
  app.get(
    '/console/api/queue-deadlines',
    { onRequest: staff, schema: { querystring: z.object({ queue: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(20_000).default(100) }), tags, summary: "The review queue with each case's nearest open removal deadline", response: { 200: S.QueueDeadlines } } },
    async (request) => {
      const q = request.query;
      const list = await svc.queue.list({ queue: q.queue, limit: q.limit, tenant: user(request).tenant });
      return { total: list.total, cases: await ex.removals.withDeadlines(list.cases) };
    },
  );
  app.post(
    '/console/api/removals/:id/complete',
    { onRequest: enforcers, schema: { tags, summary: 'Close a removal request as removed or rejected, with a note (stops its clock; audited)', params: CaseParams, body: z.object({ status: z.enum(['removed', 'rejected']), note: Reason }), response: { 200: S.RemovalRequest } } },
    async (request) => {
      const b = request.body;
      return ex.removals.complete(user(request), request.params.id, b.status, b.note).catch(fail);
    },
  );

  app.post(
    '/console/api/cases/:id/authority-package',
    {
      onRequest: staff,
      schema: {
        params: CaseParams,
        body: z.object({ reason: Reason, victim_is_minor: z.boolean().default(false), reporter: z.object({ firstName: z.string().max(100).optional(), lastName: z.string().max(100).optional(), email: z.string().max(200).optional(), phone: z.string().max(50).optional() }).optional() }),
        tags,
        summary: 'Build the evidence package for the authorities: every item hashed, with provenance; CyberTipline fields for a minor',
        description: 'The export is audited with the manifest hash. Chainbreak does not file the report itself.',
        response: { 200: S.AuthorityPackage },
      },
    },
    async (request) => {
      const { id } = request.params;
      const b = request.body;
      const caseRow = await svc.queue.get(id, user(request).tenant);
      if (!caseRow) throw new HttpError(404, 'not_found', `no case ${id}`);
      const ringId = caseRow.suspect_account ? await svc.rings?.ringIdForAccount(caseRow.tenant, caseRow.suspect_account) : undefined;
      const graph = ringId ? await svc.rings?.graph(caseRow.tenant, ringId) : undefined;
      const ringAccounts = graph?.nodes.filter((n) => n.kind === 'account').map((n) => n.label) ?? [];
      const pkg = await buildAuthorityPackage({ db: svc.db, caseRow, builtBy: user(request).username, reporter: { espService: ex.espService, reportingPerson: b.reporter }, victimIsMinor: b.victim_is_minor, ringAccounts });
      await svc.audit.append({ actor: user(request).username, role: user(request).role, action: 'export_authority_package', targetType: 'case', targetId: id, caseId: id, reason: b.reason, details: { manifest: pkg.manifest_sha256, items: pkg.items.length, cybertipline: !!pkg.cybertipline } });
      return pkg;
    },
  );
}
