// Synthetic demo traffic for the browser tests: fictional accounts, one scripted sextortion chain per
// suspect (every stage, minutes apart) and a few ordinary conversations. No real person or image.
export interface FixtureOptions {
  scams: number;
  ordinary: number;
  start?: number;
  tenant?: string;
}

export function demoEvents(options: FixtureOptions): unknown[] {
  const TENANT = options.tenant ?? 'demo';
  const start = options.start ?? Date.UTC(2026, 10, 20, 18, 0, 0);
  const events: unknown[] = [];
  let n = 0;
  const at = (ms: number) => new Date(ms).toISOString();
  const id = () => `fx-${++n}`;
  for (let s = 0; s < options.scams; s++) {
    const suspect = `scammer-${s + 1}`;
    const victim = `member-${s + 1}`;
    const conv = `conv-scam-${s + 1}`;
    const t0 = start + s * 3_600_000;
    events.push({ id: id(), tenant: TENANT, time: at(t0), type: 'account.created', account: { id: suspect, display_name: 'Anna', phone: '+63 917 555 01' + String(10 + (s % 2)) } });
    events.push({ id: id(), tenant: TENANT, time: at(t0 + 1_000), type: 'account.created', account: { id: victim, display_name: 'Member' } });
    const lines: [number, string, string][] = [
      [2, suspect, 'hi there, you look nice, where are you from?'],
      [4, victim, 'hello! from Cebu, you?'],
      [9, suspect, 'this app is slow, add me on telegram so we can video call'],
      [31, suspect, 'my audio is not working, install this app to fix the sound: soundfix.apk'],
      [58, suspect, 'I have your video. I will send the video to your family and friends'],
      [61, suspect, 'pay 500 usd by gcash now or I post it'],
    ];
    for (const [minutes, sender, text] of lines) {
      events.push({ id: id(), tenant: TENANT, time: at(t0 + minutes * 60_000), type: 'message.sent', conversation_id: conv, sender, recipients: [sender === suspect ? victim : suspect], text });
    }
  }
  for (let o = 0; o < options.ordinary; o++) {
    const a = `regular-${2 * o + 1}`;
    const b = `regular-${2 * o + 2}`;
    const conv = `conv-ordinary-${o + 1}`;
    const t0 = start + o * 600_000;
    for (const [minutes, sender, text] of [
      [1, a, 'hey, how was your weekend?'],
      [3, b, 'good, went hiking. you?'],
      [5, a, 'nice! I stayed in and cooked'],
    ] as [number, string, string][]) {
      events.push({ id: id(), tenant: TENANT, time: at(t0 + minutes * 60_000), type: 'message.sent', conversation_id: conv, sender, recipients: [sender === a ? b : a], text });
    }
  }
  return events.sort((x, y) => String((x as { time: string }).time).localeCompare((y as { time: string }).time));
}
