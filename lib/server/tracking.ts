/**
 * Results of instant commands and SET requests sent with a TRACKING id (protocol 1.3): PENDING until the
 * driver reports `TRACKING <id> <status>`, then the status mapped as NUT maps it; forgotten after
 * TRACKINGDELAY seconds. Ids match without regard to case.
 * @module
 */
import { HANDLER_STATUS } from "../sock/messages.ts";

/** The status of a request the driver has not answered yet. */
export const TRACKING_PENDING: number = -1;

/** Most results kept at once; the oldest go first beyond it (a flood of commands cannot grow memory). */
export const MAX_TRACKED = 10_000;

/**
 * The GET TRACKING answer for a driver's handler status.
 * @param status the status (see HANDLER_STATUS), or {@linkcode TRACKING_PENDING}
 * @returns PENDING, SUCCESS, ERR UNKNOWN, ERR INVALID-ARGUMENT or ERR FAILED
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals([trackingResult(-1), trackingResult(0), trackingResult(2), trackingResult(4), trackingResult(9)],
 *   ["PENDING", "SUCCESS", "ERR INVALID-ARGUMENT", "ERR INVALID-ARGUMENT", "ERR UNKNOWN"]);
 * ```
 */
export function trackingResult(status: number): string {
  switch (status) {
    case TRACKING_PENDING:
      return "PENDING";
    case HANDLER_STATUS.HANDLED:
      return "SUCCESS";
    case HANDLER_STATUS.INVALID:
    case HANDLER_STATUS.CONVERSION_FAILED:
      return "ERR INVALID-ARGUMENT";
    case HANDLER_STATUS.FAILED:
      return "ERR FAILED";
    default:
      return "ERR UNKNOWN";
  }
}

interface Entry {
  status: number;
  since: number;
}

/** Options of a {@linkcode TrackingTable}. */
export interface TrackingOptions {
  /** Seconds a result is kept (upsd.conf TRACKINGDELAY). */
  delaySeconds: number;
  /** Clock in ms (injectable for tests). */
  now?: () => number;
  /** Most entries kept. */
  maxEntries?: number;
}

/**
 * The table of tracked requests, shared by all sessions (as in NUT: any session with TRACKING on may ask
 * about any id).
 *
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const t = new TrackingTable({ delaySeconds: 3600 });
 * t.add("AB-1");
 * assertEquals(t.result("ab-1"), "PENDING");
 * t.set("AB-1", 0);
 * assertEquals(t.result("AB-1"), "SUCCESS");
 * assertEquals(t.result("nope"), "ERR UNKNOWN");
 * ```
 */
export class TrackingTable {
  #entries = new Map<string, Entry>();
  #delayMs: number;
  #now: () => number;
  #max: number;

  /** Creates an empty table. */
  constructor(options: TrackingOptions) {
    this.#delayMs = options.delaySeconds * 1000;
    this.#now = options.now ?? Date.now;
    this.#max = options.maxEntries ?? MAX_TRACKED;
  }

  /** Changes TRACKINGDELAY (on reload). */
  set delaySeconds(seconds: number) {
    this.#delayMs = seconds * 1000;
  }

  /** Entries kept. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * Starts tracking an id (PENDING).
   * @param id the id sent to the driver
   */
  add(id: string): void {
    this.prune();
    const key = id.toLowerCase();
    this.#entries.delete(key);
    while (this.#entries.size >= this.#max) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
    this.#entries.set(key, { status: TRACKING_PENDING, since: this.#now() });
  }

  /**
   * Records the driver's answer.
   * @param id the id
   * @param status the handler status
   * @returns false when the id is not tracked (unknown or expired)
   */
  set(id: string, status: number): boolean {
    const entry = this.#entries.get(id.toLowerCase());
    if (!entry) return false;
    entry.status = status;
    return true;
  }

  /**
   * The GET TRACKING answer for an id.
   * @param id the id
   * @returns the answer; ERR UNKNOWN for an unknown or expired id
   */
  result(id: string): string {
    const entry = this.#entries.get(id.toLowerCase());
    if (!entry || this.#now() - entry.since > this.#delayMs) return "ERR UNKNOWN";
    return trackingResult(entry.status);
  }

  /** Forgets entries older than TRACKINGDELAY. */
  prune(): void {
    const limit = this.#now() - this.#delayMs;
    for (const [key, entry] of this.#entries) {
      if (entry.since >= limit) break; // insertion order = age order
      this.#entries.delete(key);
    }
  }
}
