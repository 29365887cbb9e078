// Default caps on uploaded and decoded images, shared by the decoder, the CLI and the HTTP routes.

/** Largest accepted image file, in bytes. */
export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
/** Largest accepted decoded picture, in pixels: the decompression-bomb cap. */
export const DEFAULT_MAX_PIXELS = 50_000_000;
