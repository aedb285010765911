/**
 * The server's side of status push (X-PUSH, lib/protocol/push.ts): who subscribed to which UPS, and the
 * line each was sent last. When what the server serves for a UPS may have changed (its {@linkcode Ups}
 * says so synchronously, in the same turn as the driver's SETINFO; the server's tick checks MAXAGE), the
 * line `GET VAR <ups> ups.status` would give now is computed and written to every subscriber whose last
 * line differs. No sockets here: subscribers are sessions, which write through their connection.
 * @module
 */
import type { Logger } from "../log.ts";
import { formatPushMessage, type PushMessage } from "../protocol/push.ts";
import type { PushService, PushSubscriber } from "./context.ts";
import type { Ups } from "./ups.ts";

/** Options of a {@linkcode PushHub}. */
export interface PushHubOptions {
  /** UPS lookup (without regard to case), read at each use (a reload replaces UPSes). */
  ups: { find(name: string): Ups | undefined };
  /** Clock in ms (staleness). */
  now: () => number;
  /** Where a failing subscriber is reported. */
  log: Logger;
}

/** One subscription. */
interface Subscription {
  /** The UPS as the client spelled it (echoed). */
  spelling: string;
  /** The last line sent (with newline). */
  last: string;
}

/**
 * What a subscriber to a UPS is told now: the status (and alarm), or the error GET VAR would answer.
 * @param ups the UPS, undefined when there is none by that name
 * @param spelling the name as the client spelled it
 * @param now clock in ms
 * @returns the message
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(pushMessageFor(undefined, "UPS9", 0), { kind: "ERR", ups: "UPS9", code: "UNKNOWN-UPS" });
 * ```
 */
export function pushMessageFor(ups: Ups | undefined, spelling: string, now: number): PushMessage {
  if (!ups) return { kind: "ERR", ups: spelling, code: "UNKNOWN-UPS" };
  const why = ups.availability(now);
  if (why) return { kind: "ERR", ups: spelling, code: why };
  const status = ups.value("ups.status");
  if (status === undefined) return { kind: "ERR", ups: spelling, code: "VAR-NOT-SUPPORTED" };
  const alarm = ups.value("ups.alarm");
  return alarm === undefined
    ? { kind: "STATUS", ups: spelling, status }
    : { kind: "STATUS", ups: spelling, status, alarm };
}

/**
 * Status push subscriptions of a server.
 *
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * import { silentLogger } from "../log.ts";
 * import { Ups } from "./ups.ts";
 * const ups = new Ups({ name: "ups1", driver: "dummy-ups", socketPath: "/x" });
 * ups.channel = { availability: () => undefined, send: () => false };
 * const hub = new PushHub({ ups: { find: () => ups }, now: () => 0, log: silentLogger() });
 * ups.watch(() => hub.changed("ups1"));
 * const seen: string[] = [];
 * ups.state.setInfo("ups.status", "OL");
 * assertEquals(hub.subscribe({ pushText: (t) => seen.push(t) }, "ups1"), 'X-PUSH STATUS ups1 "OL"\n');
 * ups.state.setInfo("battery.charge", "90"); // the status line is unchanged: nothing is sent
 * ups.state.setInfo("ups.status", "OB");
 * assertEquals(seen, ['X-PUSH STATUS ups1 "OB"\n']);
 * ```
 */
export class PushHub implements PushService {
  #opts: PushHubOptions;
  /** Subscriptions by lower-case UPS name, then by subscriber. */
  #byUps = new Map<string, Map<PushSubscriber, Subscription>>();
  /** The lower-case UPS names of each subscriber. */
  #bySubscriber = new Map<PushSubscriber, Set<string>>();

  /** @param options UPS lookup, clock, logger */
  constructor(options: PushHubOptions) {
    this.#opts = options;
  }

  /** Number of subscriptions. */
  get size(): number {
    let n = 0;
    for (const subs of this.#byUps.values()) n += subs.size;
    return n;
  }

  /**
   * Subscribes to a UPS (replacing a subscription of the same subscriber to the same UPS).
   * @param subscriber the session
   * @param ups the UPS as the client spelled it
   * @returns the current line (with newline), to be sent at once after the acceptance
   */
  subscribe(subscriber: PushSubscriber, ups: string): string {
    const key = ups.toLowerCase();
    const line = this.#line(ups);
    let subs = this.#byUps.get(key);
    if (!subs) this.#byUps.set(key, subs = new Map());
    subs.set(subscriber, { spelling: ups, last: line });
    let names = this.#bySubscriber.get(subscriber);
    if (!names) this.#bySubscriber.set(subscriber, names = new Set());
    names.add(key);
    return line;
  }

  /**
   * Ends every subscription of a subscriber.
   * @param subscriber the session
   */
  unsubscribeAll(subscriber: PushSubscriber): void {
    const names = this.#bySubscriber.get(subscriber);
    if (!names) return;
    this.#bySubscriber.delete(subscriber);
    for (const key of names) {
      const subs = this.#byUps.get(key);
      subs?.delete(subscriber);
      if (subs?.size === 0) this.#byUps.delete(key);
    }
  }

  /**
   * What is served for a UPS may have changed: subscribers whose line differs get the new one.
   * @param name the UPS name (any case)
   */
  changed(name: string): void {
    const subs = this.#byUps.get(name.toLowerCase());
    if (!subs) return;
    // A subscriber dropped while being written to leaves the map: walk a copy.
    for (const [subscriber, sub] of [...subs]) {
      const line = this.#line(sub.spelling);
      if (line === sub.last) continue;
      sub.last = line;
      try {
        subscriber.pushText(line);
      } catch (e) {
        this.#opts.log.error(`Internal error pushing to a client: ${(e as Error)?.stack ?? e}`);
      }
    }
  }

  /** Checks every subscribed UPS (each tick for MAXAGE, after a reload for added and removed UPSes). */
  checkAll(): void {
    for (const key of [...this.#byUps.keys()]) this.changed(key);
  }

  #line(spelling: string): string {
    const o = this.#opts;
    return formatPushMessage(pushMessageFor(o.ups.find(spelling), spelling, o.now())) + "\n";
  }
}
