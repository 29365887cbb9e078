// Who may do what in the console: one table read by the server (route checks) and by the web app (which
// hides what a role cannot use), so a button never leads to a 403. No Node imports: the browser loads it.
export type ConsoleRole = 'moderator' | 'investigator' | 'admin';

export const CONSOLE_CAPABILITIES = {
  claimCase: ['moderator', 'admin'],
  releaseCase: ['moderator', 'admin'],
  closeCase: ['moderator', 'admin'],
  verifyAudit: ['admin'],
  // Moderators triage what victims report (a report is often the first sign of a crew), so they read them too.
  victimReports: ['moderator', 'investigator', 'admin'],
  webhookDeadLetters: ['admin'],
} as const satisfies Record<string, readonly ConsoleRole[]>;

export type ConsoleCapability = keyof typeof CONSOLE_CAPABILITIES;

export const CASE_ACTION_ROLES = {
  warn_recipient: ['moderator', 'admin'],
  hold_link: ['moderator', 'admin'],
  hide_social_graph: ['moderator', 'admin'],
  restrict_account: ['moderator', 'admin'],
  ban_ring: ['moderator', 'admin'],
  preserve_evidence: ['moderator', 'investigator', 'admin'],
  export_case: ['investigator', 'admin', 'moderator'],
} as const satisfies Record<string, readonly ConsoleRole[]>;

export function can(role: ConsoleRole, capability: ConsoleCapability): boolean {
  return (CONSOLE_CAPABILITIES[capability] as readonly ConsoleRole[]).includes(role);
}

export function canTakeAction(role: ConsoleRole, action: string): boolean {
  const roles = (CASE_ACTION_ROLES as Record<string, readonly ConsoleRole[]>)[action];
  return roles !== undefined && roles.includes(role);
}
