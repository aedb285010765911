/**
 * An event loop over epoll (ffi/socket.ts) that lives inside Deno's own: it waits for readiness on a
 * worker thread (a non-blocking FFI call, ~14 us per round trip), then handles the ready descriptors
 * synchronously on the JS thread. While traffic flows it polls epoll without waiting (a synchronous
 * call, ~0.1 us plus the system call) for up to `spinUs` after the last event, so a client answering at
 * once is served without the round trip; busy, it gives Deno's loop (timers, driver sockets, signals) a
 * turn (setImmediate, no thread hand-off) at least every `sliceMs`. Idle, it blocks on the worker thread
 * and uses no CPU. A handler that used its share of a round asks for another turn with `later()`: it
 * comes after every descriptor ready in the round, and the loop does not block while such work waits.
 * @module
 */
import { setImmediate } from "node:timers";
import { EPOLL, EpollEvents, type LinuxSockets } from "../../ffi/socket.ts";

/**
 * Waits for one turn of Deno's event loop (timers and I/O callbacks run; ~8 us, no thread involved).
 * @returns when the turn is done
 */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Something watched by the loop. */
export interface EpollHandler {
  /**
   * Called with the ready events of its descriptor.
   * @param events EPOLL bits
   */
  handleEvents(events: number): void;
}

/** Options of an {@linkcode EpollLoop}. */
export interface EpollLoopOptions {
  /** The libc facade. */
  sockets: LinuxSockets;
  /** Called when a handler throws (the loop goes on). */
  onError(error: unknown): void;
  /** Polling after the last event, in microseconds (default 50; 0 = never spin). */
  spinUs?: number;
  /** Longest synchronous run before Deno's loop gets a turn, in ms (default 2). */
  sliceMs?: number;
  /** Events collected per epoll_wait() (default 128: replies go out while the clients still wait). */
  batch?: number;
}

/** Work the loop comes back to once the ready descriptors of a round are handled (a turn each). */
export interface Resumable {
  /** Does the next part of the work (may ask for another turn with {@linkcode EpollLoop.later}). */
  resume(): void;
}

/** Work asked for with `later()`, in order, each once. */
class LaterQueue {
  #items: (Resumable | undefined)[] = [];
  #head = 0;
  #queued = new Set<Resumable>();

  get size(): number {
    return this.#queued.size;
  }

  add(w: Resumable): void {
    if (this.#queued.has(w)) return;
    this.#queued.add(w);
    this.#items.push(w);
  }

  /** The oldest item, taken off (undefined when empty). */
  take(): Resumable | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const w = this.#items[this.#head];
    this.#items[this.#head++] = undefined;
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    if (w) this.#queued.delete(w);
    return w;
  }

  clear(): void {
    this.#items = [];
    this.#head = 0;
    this.#queued.clear();
  }
}

interface Entry {
  handler: EpollHandler;
  tag: number;
}

/** The loop: register descriptors with handlers, `start()`, `stop()`. */
export class EpollLoop {
  #s: LinuxSockets;
  #onError: (error: unknown) => void;
  #spinMs: number;
  #sliceMs: number;
  #events: EpollEvents;
  #ep = -1;
  #wake = -1;
  #entries: (Entry | undefined)[] = [];
  #nextTag = 1;
  #later = new LaterQueue();
  #running: Promise<void> | undefined;
  #stopping = false;

  /** Creates the loop (nothing is opened until {@linkcode EpollLoop.start}). */
  constructor(options: EpollLoopOptions) {
    this.#s = options.sockets;
    this.#onError = options.onError;
    this.#spinMs = (options.spinUs ?? 50) / 1000;
    this.#sliceMs = options.sliceMs ?? 2;
    this.#events = new EpollEvents(options.batch ?? 128);
  }

  /** Opens epoll and starts handling events. Idempotent. */
  start(): void {
    if (this.#running) return;
    this.#ep = this.#s.epollCreate();
    this.#wake = this.#s.eventfd();
    this.#s.epollAdd(this.#ep, this.#wake, EPOLL.IN, 0);
    this.#running = this.#run();
  }

  /**
   * Watches a descriptor.
   * @param fd the descriptor
   * @param events EPOLL bits
   * @param handler what handles them
   */
  add(fd: number, events: number, handler: EpollHandler): void {
    const tag = this.#nextTag;
    this.#nextTag = this.#nextTag >= 0xffffffff ? 1 : this.#nextTag + 1;
    this.#s.epollAdd(this.#ep, fd, events, tag);
    this.#entries[fd] = { handler, tag };
  }

  /**
   * Changes the events watched on a descriptor.
   * @param fd the descriptor
   * @param events EPOLL bits
   */
  modify(fd: number, events: number): void {
    const e = this.#entries[fd];
    if (e) this.#s.epollModify(this.#ep, fd, events, e.tag);
  }

  /**
   * Asks for a turn after the ready descriptors of the current round (once, however often asked):
   * work left over by a handler that used its share, so every descriptor gets its turn first.
   * @param work what to resume
   */
  later(work: Resumable): void {
    this.#later.add(work);
  }

  /** Work asked for later is resumed for at most this long before epoll is asked again. */
  static readonly SHARE_MS = 1;

  /**
   * Stops watching a descriptor and closes it.
   * @param fd the descriptor
   */
  close(fd: number): void {
    this.#entries[fd] = undefined;
    this.#s.close(fd);
  }

  /** Stops the loop (waking it) and closes epoll; descriptors still registered are closed too. */
  async stop(): Promise<void> {
    if (!this.#running || this.#stopping) return await this.#running;
    this.#stopping = true;
    this.#s.eventfdSignal(this.#wake);
    await this.#running;
    this.#later.clear();
    for (let fd = 0; fd < this.#entries.length; fd++) if (this.#entries[fd]) this.close(fd);
    this.#s.close(this.#wake);
    this.#s.close(this.#ep);
  }

  async #run(): Promise<void> {
    const s = this.#s;
    while (!this.#stopping) {
      let n = await s.epollWaitAsync(this.#ep, this.#events, -1);
      let sliceEnd = performance.now() + this.#sliceMs;
      for (;;) {
        if (this.#stopping) return;
        if (n > 0) this.#dispatch(n);
        if (this.#later.size > 0) this.#resumeLater();
        let now = performance.now();
        if (now >= sliceEnd) {
          // Busy for a whole slice: let Deno's loop run (timers, driver sockets, signals), then go on.
          await nextTurn();
          if (this.#stopping) return;
          now = performance.now();
          sliceEnd = now + this.#sliceMs;
        }
        const spinEnd = now + this.#spinMs;
        n = s.epollWait(this.#ep, this.#events, 0);
        while (n === 0 && this.#later.size === 0 && now < spinEnd) {
          // A peer (the client) sharing this CPU gets it first: spinning must not delay its answer.
          s.yieldCpu();
          n = s.epollWait(this.#ep, this.#events, 0);
          now = performance.now();
        }
        if (n === 0 && this.#later.size === 0) break;
      }
    }
  }

  /**
   * Resumes waiting work, oldest first, for at most {@linkcode EpollLoop.SHARE_MS}: what became ready
   * meanwhile (a client's single request) is handled before the rest of it. Work asked for again during
   * this call waits for the next.
   */
  #resumeLater(): void {
    const end = performance.now() + EpollLoop.SHARE_MS;
    for (let i = this.#later.size; i > 0; i--) {
      const w = this.#later.take();
      if (!w) break;
      try {
        w.resume();
      } catch (e) {
        this.#onError(e);
      }
      if ((i & 7) === 0 && performance.now() > end) break;
    }
  }

  /**
   * Handles every ready descriptor of a round. (Not cut short: epoll reports still-ready descriptors
   * again in the order it reported them, so the ones left would be the last again and again.)
   */
  #dispatch(n: number): void {
    const ev = this.#events;
    for (let i = 0; i < n; i++) {
      const fd = ev.fd(i);
      const entry = this.#entries[fd];
      if (entry === undefined || entry.tag !== ev.tag(i)) {
        if (fd === this.#wake) this.#s.eventfdDrain(fd);
        continue;
      }
      try {
        entry.handler.handleEvents(ev.events(i));
      } catch (e) {
        this.#onError(e);
      }
    }
  }
}
