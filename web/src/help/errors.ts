// The server answers in English for operators and API users; the page shows its own translated text for
// each error code and each kind of entry it could not read, so no English reaches a Hindi or Thai page.
import type { ApiError } from '../lib/api.ts';
import type { MessageKey } from '../lib/i18n.ts';

const BY_CODE: Record<string, MessageKey> = {
  rate_limited: 'err_rate_limited',
  empty_report: 'err_empty_report',
  unknown_receipt: 'err_unknown_receipt',
  invalid_request: 'err_invalid',
};

export function errorKey(error: ApiError | undefined): MessageKey {
  return (error && BY_CODE[error.code]) || 'error_generic';
}

const BY_TYPE: Record<string, MessageKey> = {
  phone: 'rej_phone',
  email: 'rej_email',
  profile_link: 'rej_profile',
  messenger_handle: 'rej_profile',
  payment_account: 'rej_payment',
  crypto_wallet: 'rej_payment',
  remittance_receiver: 'rej_payment',
};

/** The translated reason for an identifier the server could not use, by the kind of box it was typed in. */
export function rejectedKey(type: string): MessageKey {
  return BY_TYPE[type] ?? 'rej_other';
}
