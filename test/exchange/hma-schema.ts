// The HMA look-up answer as HMA's public docs describe it, shared by the exchange tests.
import { z } from 'zod';

/**
 * The answer of HMA's `GET /m/lookup?signal_type=<type>&signal=<value>`, written from HMA's public API docs
 * (website/content/hma/api.md, "Looking up a hash"): an object from bank name to a list of
 * `{"bank_content_id": <int>, "distance": "<string>"}`; no match is an empty object.
 */
export const HmaLookupResponse = z.record(
  z.string().regex(/^[A-Za-z0-9_-]+$/),
  z.array(z.object({ bank_content_id: z.number().int().nonnegative(), distance: z.string().regex(/^\d+$/) }).strict()).min(1),
);
