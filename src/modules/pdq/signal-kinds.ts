// The signal kinds the PDQ detector emits, in a file of their own so that module.ts (loaded by every CLI command)
// can declare them without importing the detector.
export const PDQ_SIGNAL_KINDS = ['photo.not_fetched', 'photo.bank_match', 'photo.reused'] as const;
