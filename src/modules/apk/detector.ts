// The APK detector: an APK attached to a message (or shared as media) is scanned, and any link to an
// APK is an app_lure signal on its own, because platforms have no legitimate reason to pass apps around
// in chat. Signer certificates and upload-endpoint domains become identifiers for crew linking.
import { LinkifyIt } from 'linkify-it';
import { getDomain } from 'tldts';
import type { Detector, DetectorContext } from '../../core/detector.ts';
import type { Attachment, ChainEvent } from '../../core/events.ts';
import { clampScore, type Detection, type FollowUpRun, type Reason, type Signal } from '../../core/signals.ts';
import { fetchApkLink, type FetchLimits } from './fetch-link.ts';
import { scanApk, unparseableReport, type ApkReport } from './scan.ts';
import { hostOf } from './features.ts';

export interface ApkDetectorOptions {
  /** Off by default: fetching what a link points to is the detector's only I/O. */
  fetchLinks?: false | FetchLimits;
  /** Largest attached APK (after base64 decoding) that is scanned. */
  maxAttachmentBytes?: number;
  /** Where parsing runs: the module passes its worker pool, so a large or hostile APK never blocks the event
   * loop that decides every other event. Without one (tests, the CLI) it runs inline. */
  scan?: (bytes: Uint8Array) => Promise<ApkReport>;
}

const APK_MIME = 'application/vnd.android.package-archive';
const LINK_SCORE = 0.6;
const linkify = new LinkifyIt();

export function createApkDetector(options: ApkDetectorOptions = {}): Detector {
  const maxBytes = options.maxAttachmentBytes ?? 30 * 1024 * 1024;
  const scan = options.scan ?? (async (bytes: Uint8Array) => scanApk(bytes));
  const scanOrReason = (bytes: Uint8Array) => scanSafely(scan, bytes);
  return {
    name: 'apk',
    eventTypes: ['message.sent', 'media.shared'],
    detect(event: ChainEvent, _context: DetectorContext): Detection | Promise<Detection> {
      const detection: Detection = { signals: [], identifiers: [], followUps: [] };
      // Most messages carry no attachment: answered at once, without a promise for the engine to wait on.
      if (event.type === 'message.sent' && event.attachments.length === 0) {
        textLinkSignals(event.text, detection);
        return detection;
      }
      return inspectEvent(event, detection, options, maxBytes, scanOrReason);
    },
    // The linked file is fetched here, after the decision was stored: a slow or silent server delays only this
    // follow-up, never the decisions of other events.
    async followUp(task: FollowUpRun): Promise<Detection> {
      const detection: Detection = { signals: [], identifiers: [] };
      const { url, field } = task.input as { url?: unknown; field?: unknown };
      if (task.task !== FETCH_TASK || typeof url !== 'string' || typeof field !== 'string' || !options.fetchLinks) {
        detection.signals.push(fetchFailedSignal(String(field), String(url), `task ${task.task} is not one this detector runs here`, 'not_run'));
        return detection;
      }
      const fetched = await fetchApkLink(url, options.fetchLinks);
      if (fetched.ok) addReport(await scanOrReason(fetched.bytes), `${field}.url`, task.of_event, detection);
      else detection.signals.push(fetchFailedSignal(field, url, fetched.error, fetched.code));
      return detection;
    },
  };
}

const FETCH_TASK = 'fetch_apk_link';

/** A scan that failed (the worker died, the scanner is shut down) reads as an unparseable file: the app is still
 * a lure step, and the decision says why its verdict is missing instead of failing the event. */
async function scanSafely(scan: (bytes: Uint8Array) => Promise<ApkReport>, bytes: Uint8Array): Promise<ApkReport> {
  try {
    return await scan(bytes);
  } catch (error) {
    return unparseableReport(bytes, `the scanner failed: ${(error as Error).message}`);
  }
}

function fetchFailedSignal(field: string, url: string, error: string, code: string): Signal {
  return {
    detector: 'apk',
    kind: 'apk.fetch_failed',
    stage: 'app_lure',
    score: 0,
    reasons: [{ code: 'apk_fetch_failed', message: `the linked file was not scanned: ${error}`, evidence: { field, url, fetch_code: code } }],
  };
}

/** An event with attachments or media to inspect (scans may run in the worker pool). */
async function inspectEvent(event: ChainEvent, detection: Detection, options: ApkDetectorOptions, maxBytes: number, scanOrReason: (bytes: Uint8Array) => Promise<ApkReport>): Promise<Detection> {
  if (event.type === 'message.sent') {
    for (const [i, attachment] of event.attachments.entries()) await inspectAttachment(attachment, `attachments.${i}`, event.id, detection, options, maxBytes, scanOrReason);
    textLinkSignals(event.text, detection);
  } else if (event.type === 'media.shared') {
    await inspectAttachment(event.media, 'media', event.id, detection, options, maxBytes, scanOrReason);
  }
  return detection;
}

async function inspectAttachment(
  attachment: Attachment,
  field: string,
  eventId: string,
  detection: Detection,
  options: ApkDetectorOptions,
  maxBytes: number,
  scan: (bytes: Uint8Array) => Promise<ApkReport>,
): Promise<void> {
  const looksLikeApk = attachment.kind === 'apk' || isApkReference(attachment);
  if (!looksLikeApk) return;
  const fetchLimits = options.fetchLinks;
  if (attachment.content_base64) {
    const bytes = Buffer.from(attachment.content_base64, 'base64');
    if (bytes.length > maxBytes) {
      detection.signals.push(linkSignal(field, attachment, `attached APK of ${bytes.length} bytes is above the ${maxBytes}-byte scan cap`));
      return;
    }
    addReport(await scan(bytes), `${field}.content_base64`, eventId, detection);
    return;
  }
  const link = linkSignal(field, attachment, 'a link or file name points to an Android app');
  detection.signals.push(link);
  if (fetchLimits && attachment.url) {
    detection.followUps!.push({ detector: 'apk', task: FETCH_TASK, input: { url: attachment.url, field } });
    link.reasons.push({
      code: 'apk_fetch_pending',
      message: 'the linked file is being fetched and scanned; the result arrives as a follow-up decision',
      evidence: { field, url: attachment.url },
    });
  }
}

function isApkReference(attachment: Attachment): boolean {
  if (attachment.mime?.toLowerCase().startsWith(APK_MIME)) return true;
  return [attachment.name, attachment.url].some((v) => v !== undefined && endsWithApk(v));
}

function endsWithApk(value: string): boolean {
  const path = value.split(/[?#]/)[0];
  return /\.apk$/i.test(path.trim());
}

function linkSignal(field: string, attachment: Attachment, message: string): Signal {
  return {
    detector: 'apk',
    kind: 'apk.link',
    stage: 'app_lure',
    score: LINK_SCORE,
    reasons: [{ code: 'apk_link', message, evidence: { field, url: attachment.url, name: attachment.name, mime: attachment.mime } }],
  };
}

function textLinkSignals(text: string, detection: Detection): void {
  if (!text || !text.toLowerCase().includes('.apk')) return;
  const reasons: Reason[] = [];
  for (const link of linkify.match(text) ?? []) {
    if (!endsWithApk(link.url)) continue;
    reasons.push({
      code: 'apk_link',
      message: `the message links to an Android app (${link.text})`,
      spans: [{ field: 'text', start: link.index, end: link.lastIndex, text: link.text }],
      evidence: { url: link.url },
    });
  }
  if (reasons.length) detection.signals.push({ detector: 'apk', kind: 'apk.link', stage: 'app_lure', score: LINK_SCORE, reasons });
}

function addReport(report: ApkReport, field: string, eventId: string, detection: Detection): void {
  detection.signals.push(reportSignal(report, field));
  for (const signer of report.signers) {
    detection.identifiers.push({ type: 'apk_signer', value: signer.sha256, source: `apk:${eventId} ${field} signer ${signer.schemes.join('+')}` });
  }
  for (const { type, value } of endpointIdentifiers(report)) {
    detection.identifiers.push({ type, value, source: `apk:${eventId} ${field} hard-coded endpoint` });
  }
}

function reportSignal(report: ApkReport, field: string): Signal {
  const reasons: Reason[] = report.ok
    ? report.evidence.map((e) => ({
        code: e.rule,
        message: `${e.description}: ${e.kind} ${e.value} in ${e.location}`,
        evidence: { ...e, field, sha256: report.sha256, package: report.package },
      }))
    : [{ code: 'apk_unparseable', message: `the attached APK could not be read: ${report.error}`, evidence: { field, sha256: report.sha256 } }];
  if (report.ok && reasons.length === 0) {
    reasons.push({ code: 'apk_clean', message: 'no rule fired on the attached APK', evidence: { field, sha256: report.sha256, package: report.package } });
  }
  // An app sent in chat is a lure step whatever its verdict; the verdict sets how strong a step it is.
  const score = report.verdict === 'clean' || report.verdict === 'unparseable' ? Math.max(LINK_SCORE, report.score) : report.score;
  return { detector: 'apk', kind: `apk.${report.verdict}`, stage: 'app_lure', score: clampScore(score), reasons };
}

/** Registrable domains of hard-coded endpoints (via tldts), and raw IPv4 endpoints as `ip`. */
function endpointIdentifiers(report: ApkReport): { type: 'domain' | 'ip'; value: string }[] {
  const found = new Map<string, { type: 'domain' | 'ip'; value: string }>();
  for (const url of report.urls) {
    const host = url.includes('://') ? hostOf(url) : url.split(':')[0];
    if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) found.set(`ip:${host}`, { type: 'ip', value: host });
    else {
      const domain = getDomain(host);
      if (domain) found.set(`domain:${domain}`, { type: 'domain', value: domain });
    }
  }
  return [...found.values()];
}

