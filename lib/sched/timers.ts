/**
 * The timer daemon's queue (pure; time is passed in): timers started by name, cancelled by name, fired
 * when due. Each START adds a timer, even under a name already running (NUT does the same); a shared
 * start joins the first running timer of that name instead, collecting the UPS names, notify types and
 * messages that CMDSCRIPT then sees in its environment.
 * @module
 */
import { formatG, type SchedRequest, strtol } from "./protocol.ts";

/** One running timer. */
export interface SchedTimer {
  /** Timer name (CMDSCRIPT's argument). */
  readonly name: string;
  /** When it fires, in ms since the epoch. */
  readonly due: number;
  /** Distinct UPSNAME values of the starts, in order. */
  readonly upsNames: string[];
  /** Distinct NOTIFYTYPE values of the starts, in order. */
  readonly notifyTypes: string[];
  /** Distinct NOTIFYMSG values of the starts, in order. */
  readonly messages: string[];
}

/** What a start did. */
export type StartResult =
  | { kind: "started"; timer: SchedTimer }
  | { kind: "joined"; timer: SchedTimer }
  | { kind: "bogus" };

function addUnique(list: string[], value: string): void {
  if (value !== "" && !list.includes(value)) list.push(value);
}

/**
 * The queue of running timers.
 *
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const q = new TimerQueue();
 * q.start({ kind: "START", shared: false, name: "onbatt", seconds: "30", notifyType: "ONBATT", upsName: "u", message: "" }, 0);
 * assertEquals(q.takeDue(29_999).length, 0);
 * assertEquals(q.takeDue(30_000).map((t) => t.name), ["onbatt"]);
 * ```
 */
export class TimerQueue {
  #timers: SchedTimer[] = [];

  /** Number of running timers. */
  get size(): number {
    return this.#timers.length;
  }

  /** The running timers, in start order. */
  get timers(): readonly SchedTimer[] {
    return this.#timers;
  }

  /**
   * Starts a timer (or joins a running one for a shared start).
   * @param request the START request
   * @param now the time, ms
   * @returns what happened ("bogus" for a negative number of seconds: NUT ignores it)
   */
  start(request: Extract<SchedRequest, { kind: "START" }>, now: number): StartResult {
    const seconds = strtol(request.seconds);
    if (seconds < 0) return { kind: "bogus" };
    if (request.shared) {
      const running = this.#timers.find((t) => t.name === request.name);
      if (running) {
        addUnique(running.upsNames, request.upsName);
        addUnique(running.notifyTypes, request.notifyType);
        addUnique(running.messages, request.message);
        return { kind: "joined", timer: running };
      }
    }
    const timer: SchedTimer = {
      name: request.name,
      due: now + seconds * 1000,
      upsNames: [],
      notifyTypes: [],
      messages: [],
    };
    addUnique(timer.upsNames, request.upsName);
    addUnique(timer.notifyTypes, request.notifyType);
    addUnique(timer.messages, request.message);
    this.#timers.push(timer);
    return { kind: "started", timer };
  }

  /**
   * Cancels every timer of a name; a matched cancel spares timers started for other UPSes or notify types.
   * @param request the CANCEL request
   * @returns the timers removed
   */
  cancel(request: Extract<SchedRequest, { kind: "CANCEL" }>): SchedTimer[] {
    const constrained = request.matched && (request.notifyType !== "" || request.upsName !== "");
    const matches = (t: SchedTimer) => {
      if (t.name !== request.name) return false;
      if (!constrained) return true;
      if (request.notifyType !== "" && !t.notifyTypes.includes(request.notifyType)) return false;
      if (request.upsName !== "" && !t.upsNames.includes(request.upsName)) return false;
      return true;
    };
    const removed = this.#timers.filter(matches);
    this.#timers = this.#timers.filter((t) => !matches(t));
    return removed;
  }

  /**
   * Removes and returns the timers due at `now`, in start order.
   * @param now the time, ms
   * @returns the due timers
   */
  takeDue(now: number): SchedTimer[] {
    const due = this.#timers.filter((t) => t.due <= now);
    if (due.length > 0) this.#timers = this.#timers.filter((t) => t.due > now);
    return due;
  }

  /** When the next timer fires (ms), or undefined when none runs. */
  get nextDue(): number | undefined {
    let next: number | undefined;
    for (const t of this.#timers) if (next === undefined || t.due < next) next = t.due;
    return next;
  }
}

/**
 * The environment CMDSCRIPT gets for a fired timer (NUT 2.8.5 and later): the collected UPS names and
 * notify types joined by commas, the messages by ".\t"; a variable is unset when nothing was collected.
 * @param timer the timer
 * @returns the variables (value undefined = unset)
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const env = timerEnvironment({ name: "t", due: 0, upsNames: ["a", "b"], notifyTypes: ["ONBATT"], messages: [] });
 * assertEquals(env, { UPSNAME: "a,b", NOTIFYTYPE: "ONBATT", NOTIFYMSG: undefined });
 * ```
 */
export function timerEnvironment(timer: SchedTimer): Record<string, string | undefined> {
  const join = (list: string[], sep: string) => list.length > 0 ? list.join(sep) : undefined;
  return {
    UPSNAME: join(timer.upsNames, ","),
    NOTIFYTYPE: join(timer.notifyTypes, ","),
    NOTIFYMSG: join(timer.messages, ".\t"),
  };
}

/**
 * The rows of `upssched -l` (LIST-TIMERS), as NUT prints them: name, absolute due time (s), seconds left
 * (%g), notify types, UPS names and messages, TAB-separated, `""` for an empty field.
 * @param timers the running timers
 * @param now the time, ms
 * @returns one line per timer, without newlines
 */
export function formatTimerRows(timers: readonly SchedTimer[], now: number): string[] {
  const field = (list: string[], sep: string) => list.length > 0 ? list.join(sep) : '""';
  return timers.map((t) =>
    [
      t.name,
      String(Math.floor(t.due / 1000)),
      formatG((t.due - now) / 1000),
      field(t.notifyTypes, ","),
      field(t.upsNames, ","),
      field(t.messages, ".\t"),
    ].join("\t")
  );
}
