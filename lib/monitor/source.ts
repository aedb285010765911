/**
 * Status sources: where the monitor's observations come from. Polling (NUT's way: every POLLFREQ or
 * POLLFREQALERT seconds, `GET VAR <ups> ups.status` on each MONITOR connection) is the default; a push
 * source (the server telling the monitor of a change at once) plugs into the same interface and feeds
 * the same evaluation (push_source.ts). Several sources may run together (push for speed, polling as the
 * safety net): the evaluation is idempotent, a status seen twice is news only once, and an answer older
 * than one already delivered (a poll that raced with a push) is dropped.
 * @module
 */
import type { Logger } from "../log.ts";
import type { Clock } from "../os/clock.ts";
import type { MonitorSession } from "./session.ts";
import type { Observation } from "./types.ts";

/** What the monitor gives a status source. */
export interface StatusSourceContext {
  /** One session per MONITOR line (connected and logged in as configured; may be reconnecting). */
  readonly sessions: readonly MonitorSession[];
  /**
   * Hands observations to the monitor: they are evaluated at once (notifications, critical state,
   * shutdown). Observations of UPSes not monitored are ignored, and so are those older (`asOf`) than one
   * already delivered for the same UPS.
   */
  deliver(observations: readonly Observation[]): void;
  /** Seconds the monitor wants between poll rounds now (POLLFREQ, or POLLFREQALERT when on battery...). */
  pollSeconds(): number;
  /** The monitor's clock. */
  readonly clock: Clock;
  /** Logger. */
  readonly log: Logger;
  /** Aborted when the monitor stops. */
  readonly signal: AbortSignal;
}

/** A source of observations. */
export interface StatusSource {
  /** Name for logs ("poll", "push"). */
  readonly name: string;
  /**
   * Starts delivering. Called once; the sessions may change on reload (read `ctx.sessions` each time).
   * @param ctx the monitor's side
   */
  start(ctx: StatusSourceContext): void;
  /**
   * Asks for fresh observations now (after a reload, an FSD request); resolves once delivered.
   * Optional: a push source has nothing to ask.
   */
  refresh?(): Promise<void>;
  /** Stops delivering. */
  stop(): Promise<void>;
}

/**
 * Polling, as NUT's upsmon does: a round right away, then one every `pollSeconds()`. The UPSes of a round
 * are read at once (each bounded by the session's timeout), and each answer is delivered as soon as it
 * comes: a server that does not answer never delays the news of another UPS.
 */
export class PollingSource implements StatusSource {
  readonly name = "poll";
  #ctx: StatusSourceContext | undefined;
  #timer: { cancel(): void } | undefined;
  #round: Promise<void> | undefined;
  #stopped = false;

  /** @inheritdoc */
  start(ctx: StatusSourceContext): void {
    this.#ctx = ctx;
    ctx.signal.addEventListener("abort", () => void this.stop());
    void this.refresh();
  }

  /** Runs a round now (or waits for the one running), then schedules the next. */
  refresh(): Promise<void> {
    const ctx = this.#ctx;
    if (!ctx || this.#stopped) return Promise.resolve();
    this.#round ??= this.#pollRound(ctx).finally(() => {
      this.#round = undefined;
      this.#schedule();
    });
    return this.#round;
  }

  async #pollRound(ctx: StatusSourceContext): Promise<void> {
    this.#timer?.cancel();
    this.#timer = undefined;
    const sessions = [...ctx.sessions];
    // Each answer describes the UPS at some moment after this one.
    const asOf = ctx.clock.now();
    await Promise.all(sessions.map(async (s) => {
      const observation = await s.poll();
      if (!this.#stopped) ctx.deliver([{ ...observation, asOf }]);
    }));
  }

  #schedule(): void {
    const ctx = this.#ctx;
    if (!ctx || this.#stopped) return;
    this.#timer?.cancel();
    const ms = Math.max(100, ctx.pollSeconds() * 1000);
    this.#timer = ctx.clock.setTimer(() => void this.refresh(), ms);
  }

  /** @inheritdoc */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#timer?.cancel();
    await this.#round?.catch(() => {});
  }
}
