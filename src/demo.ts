// The demo's simulated platform: streams generated ordinary and scam traffic into the service.
import type { Chainbreak } from './app.ts';

export interface DemoTraffic {
  stop(): void;
  done: Promise<void>;
}

export async function startDemoTraffic(cb: Chainbreak, options: { speed: number; seed: number; say: (line: string) => void }): Promise<DemoTraffic> {
  void cb;
  options.say('demo traffic: simulator not available yet');
  return { stop() {}, done: Promise.resolve() };
}
