// Message traffic for the ingestion benchmarks: many conversations, mostly ordinary chat with some
// scam lines mixed in, unique event ids per run.
import type { ChainEvent } from '../../src/core/events.ts';

const ORDINARY = [
  'hey, how was your day? mine was long but good',
  'want to facetime later tonight after dinner?',
  'I will send you the 20 for the tickets tomorrow',
  'my mic keeps cutting out, I will restart the app',
  'haha that movie was so bad it was good',
  'are you free on saturday for coffee near the station?',
];
const SCAM = [
  "let's continue on skype, add me live:anna.sweet22",
  'my audio is not working, install this app to fix it http://voicefix.example/fix.apk',
  'i recorded your video. i will send the video to all your contacts',
  'pay 500 usd now by western union or it goes on youtube',
];

export function messages(count: number, runId: string, startMs = Date.parse('2026-11-01T00:00:00Z')): ChainEvent[] {
  const events: ChainEvent[] = [];
  for (let i = 0; i < count; i++) {
    const conversation = i % 1_000;
    const scam = conversation % 10 === 0;
    const lines = scam ? SCAM : ORDINARY;
    events.push({
      id: `${runId}-${i}`,
      tenant: 'bench',
      time: new Date(startMs + i * 1_000).toISOString(),
      type: 'message.sent',
      conversation_id: `${runId}-c${conversation}`,
      sender: `${runId}-u${conversation}-a`,
      recipients: [`${runId}-u${conversation}-b`],
      text: lines[Math.floor(i / 1_000) % lines.length],
      attachments: [],
    });
  }
  return events;
}
