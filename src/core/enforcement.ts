// One enforcement a moderator (or a scheduled plan) takes against an account: what the platform hears about by
// webhook, and what changes the account's stored status.
export interface Enforcement {
  tenant: string;
  account: string;
  action: string;
  caseId: string | null;
  ringId: string | null;
  reason: string;
  actor: string;
}
