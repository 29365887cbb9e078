// Worker side of scan-pool.ts: parses one APK per message, off the main thread (issue 17.8).
import { parentPort, threadId } from 'node:worker_threads';
import { scanApk } from './scan.ts';

parentPort!.on('message', ({ id, bytes }: { id: number; bytes: Uint8Array }) => {
  try {
    parentPort!.postMessage({ id, report: scanApk(bytes), threadId });
  } catch (error) {
    parentPort!.postMessage({ id, error: (error as Error).message, threadId });
  }
});
