// One queue for everything that changes decision state: ingest batches, enforcement and crew-linking writes from
// the API run one after another, so a batch never decides on state another writer is halfway through changing,
// and a failed batch can rebuild memory from the store without racing anyone.
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(work);
    this.#tail = run.catch(() => undefined);
    return run;
  }
}
