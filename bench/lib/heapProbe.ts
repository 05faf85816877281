/**
 * Preloaded into the benchmarked bot (`node --expose-gc --require heapProbe.js`), so the bench can
 * ask for the memory the process really holds: on the IPC message `heap` it collects garbage
 * (twice: the first pass may only queue finalizers) and answers with the V8 heap in use.
 * Nothing here changes how the bot works; without an IPC channel it does nothing.
 */
export interface HeapReport {
  heapUsed: number;
  gc: boolean;
}

const gc = (globalThis as { gc?: () => void }).gc;
if (typeof process.send === 'function') {
  process.on('message', (message) => {
    if (message !== 'heap') return;
    gc?.();
    setImmediate(() => {
      gc?.();
      const report: HeapReport = { heapUsed: process.memoryUsage().heapUsed, gc: Boolean(gc) };
      process.send?.(report);
    });
  });
  // The channel must not keep the bot alive on its own.
  process.channel?.unref();
}
