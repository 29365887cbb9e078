// Forwarded file bytes are scanned, never kept (issue 17.7): before an event's payload is stored, every
// attachment's `content_base64` is replaced by what identifies the file (its SHA-256 and size). The
// findings live in the decision's signals, so nothing the console or a rule needs is lost.
import { createHash } from 'node:crypto';
import type { Attachment, ChainEvent } from '../core/events.ts';

/** A copy of the event without forwarded file bytes; the input is not modified. */
export function stripForwardedBytes<E extends ChainEvent>(event: E): E {
  if (event.type === 'message.sent') {
    if (!event.attachments?.some((a) => a.content_base64 !== undefined)) return event;
    return { ...event, attachments: event.attachments.map(stripAttachment) };
  }
  if (event.type === 'media.shared' && event.media.content_base64 !== undefined) {
    return { ...event, media: stripAttachment(event.media) };
  }
  return event;
}

function stripAttachment(attachment: Attachment): Attachment {
  if (attachment.content_base64 === undefined) return attachment;
  const { content_base64: content, ...kept } = attachment;
  const bytes = Buffer.from(content, 'base64');
  // The platform's own hash wins when it sent one; otherwise ours lets the file be matched later.
  return { ...kept, sha256: kept.sha256 ?? createHash('sha256').update(bytes).digest('hex'), size: kept.size ?? bytes.length };
}
