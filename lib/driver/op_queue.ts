/**
 * One driver instance talks to one device: its operations (poll, commands, settings) run one at a time,
 * each bounded in time. A hung operation is abandoned at its deadline (its AbortSignal fires) and the
 * queue moves on, so a device that stops answering cannot freeze the instance or its neighbours.
 * @module
 */

/** An operation that exceeded its deadline. */
export class OperationTimeout extends Error {
  /**
   * @param what the operation's name
   * @param ms its deadline
   */
  constructor(readonly what: string, readonly ms: number) {
    super(`${what} did not finish within ${ms} ms`);
    this.name = "OperationTimeout";
  }
}

/** The queue is full or closed. */
export class QueueFullError extends Error {
  /** @param message why */
  constructor(message: string) {
    super(message);
    this.name = "QueueFullError";
  }
}

/**
 * Runs `fn` with a deadline.
 * @param what name for the error
 * @param ms deadline in ms
 * @param fn the operation, given a signal aborted at the deadline (or when `outer` aborts)
 * @param outer an enclosing signal (e.g. the instance stopping)
 * @returns what `fn` returns
 * @throws {OperationTimeout} at the deadline
 */
export function withTimeout<T>(
  what: string,
  ms: number,
  fn: (signal: AbortSignal) => T | Promise<T>,
  outer?: AbortSignal,
): Promise<T> {
  if (outer?.aborted) return Promise.reject(outer.reason ?? new Error(`${what} aborted`));
  const ac = new AbortController();
  const signal = outer ? AbortSignal.any([ac.signal, outer]) : ac.signal;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      const err = new OperationTimeout(what, ms);
      ac.abort(err);
      reject(err);
    }, ms);
    const onOuter = () => {
      clearTimeout(timer);
      reject(outer?.reason ?? new Error(`${what} aborted`));
    };
    outer?.addEventListener("abort", onOuter, { once: true });
    const done = () => {
      clearTimeout(timer);
      outer?.removeEventListener("abort", onOuter);
    };
    let result: T | Promise<T>;
    try {
      result = fn(signal);
    } catch (e) {
      done();
      reject(e);
      return;
    }
    Promise.resolve(result).then((v) => {
      done();
      resolve(v);
    }, (e) => {
      done();
      reject(e);
    });
  });
}

/** A serial queue of bounded operations. */
export class OpQueue {
  #tail: Promise<unknown> = Promise.resolve();
  #waiting = 0;
  #maxWaiting: number;
  #outer: AbortSignal | undefined;

  /**
   * @param maxWaiting operations allowed to wait behind the running one
   * @param outer aborts every operation (the instance stopping)
   */
  constructor(maxWaiting = 64, outer?: AbortSignal) {
    this.#maxWaiting = maxWaiting;
    this.#outer = outer;
  }

  /** Operations queued or running. */
  get length(): number {
    return this.#waiting;
  }

  /**
   * Queues an operation.
   * @param what its name (for errors and logs)
   * @param ms its deadline, counted from when it starts
   * @param fn the operation
   * @returns its result
   * @throws {QueueFullError} when too many operations wait
   */
  run<T>(what: string, ms: number, fn: (signal: AbortSignal) => T | Promise<T>): Promise<T> {
    if (this.#outer?.aborted) return Promise.reject(new QueueFullError(`${what}: the driver is stopping`));
    if (this.#waiting >= this.#maxWaiting) {
      return Promise.reject(new QueueFullError(`${what}: ${this.#waiting} operations already waiting`));
    }
    this.#waiting++;
    const p = this.#tail.then(() => withTimeout(what, ms, fn, this.#outer));
    const settled = p.then(() => {}, () => {}).finally(() => this.#waiting--);
    this.#tail = settled;
    return p;
  }
}
