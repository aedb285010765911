/**
 * Plays a definition file into the device state, as dummy-ups' two dummy modes do:
 * - `dummy-once`: read to the end once (pausing at TIMER lines), then read again only when the file's
 *   modification time changes; values set with SET stay until then;
 * - `dummy-loop`: read again from the top after each pass: at once for a sequence with TIMER lines (at
 *   most once a second), at the next poll otherwise.
 * @module
 */
import { readBoundedFile } from "../../os/read_bounded.ts";
import type { DeviceWriter } from "../../driver/types.ts";
import type { Logger } from "../../log.ts";
import { type DevInstruction, parseDevFile } from "./dev_file.ts";
import { type DummyStatus, writeDummyVar } from "./dummy_state.ts";

/** Largest definition file read. */
export const MAX_DEV_FILE_BYTES = 4 * 1024 * 1024;

/** Where the player is. */
interface Cursor {
  instructions: DevInstruction[];
  next: number;
  resumeAt: number;
  alarmsSeen: boolean;
  /** When the pass began. */
  startedAt: number;
  /** TIMER lines met in this pass. */
  timers: number;
}

/** A looping sequence starts over at most this often (NUT's dummy-ups sleeps 1 s per cycle). */
export const MIN_LOOP_MS = 1000;

/** Options of a {@linkcode DevPlayer}. */
export interface DevPlayerOptions {
  /** The file (absolute). */
  path: string;
  /** `once` or `loop`. */
  mode: "once" | "loop";
  /** Where values go. */
  state: DeviceWriter;
  /** ups.status / ups.alarm composer. */
  status: DummyStatus;
  /** Logger. */
  log: Logger;
  /** Asks the framework for a poll when a TIMER expires. */
  wakeAt?: (epochMs: number) => void;
  /** Clock (ms), injectable for tests. */
  now?: () => number;
}

/** Reads a definition file, bounded in size, decoding bytes one to one (NUT drops non-ASCII bytes). */
export async function readDevFile(path: string): Promise<{ text: string; mtime: number }> {
  const { bytes, mtime } = await readBoundedFile(path, MAX_DEV_FILE_BYTES);
  let text = "";
  for (let i = 0; i < bytes.length; i += 8192) {
    text += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + 8192)));
  }
  return { text, mtime };
}

/** A definition-file player. */
export class DevPlayer {
  #opts: DevPlayerOptions;
  #cursor: Cursor | undefined;
  #mtime: number | undefined;
  #now: () => number;

  /** @param options file, mode, state, logger */
  constructor(options: DevPlayerOptions) {
    this.#opts = options;
    this.#now = options.now ?? Date.now;
  }

  /** The file played. */
  get path(): string {
    return this.#opts.path;
  }

  /** Forces the next step to read the file again from the top (on reload). */
  rewind(): void {
    this.#cursor = undefined;
    this.#mtime = undefined;
  }

  /**
   * One step: continues a paused pass when its TIMER has expired, starts a new pass when the previous one
   * ended (always in loop mode; on a changed file in once mode), or does nothing.
   * @throws {Error} when the file cannot be read
   */
  async step(): Promise<void> {
    const now = this.#now();
    let cur = this.#cursor;
    if (cur) {
      if (now < cur.resumeAt) {
        this.#opts.log.debug(1, "leaving (paused)...");
        return;
      }
    } else {
      if (this.#opts.mode === "once" && this.#mtime !== undefined) {
        const info = await Deno.stat(this.#opts.path);
        if ((info.mtime?.getTime() ?? 0) === this.#mtime) return;
        this.#opts.log.debug(
          2,
          "input file was already read once to the end, but changed later - re-reading",
        );
      }
      const { text, mtime } = await readDevFile(this.#opts.path);
      this.#mtime = mtime;
      const parsed = parseDevFile(text);
      for (const s of parsed.skipped) {
        this.#opts.log.debug(2, `${this.#opts.path}:${s.line}: skipped: ${s.reason}`);
      }
      cur = {
        instructions: parsed.instructions,
        next: 0,
        resumeAt: 0,
        alarmsSeen: false,
        startedAt: now,
        timers: 0,
      };
      this.#cursor = cur;
      this.#opts.status.resetAlarms();
    }
    this.#run(cur, now);
  }

  #run(cur: Cursor, now: number): void {
    const { state, status } = this.#opts;
    while (cur.next < cur.instructions.length) {
      const ins = cur.instructions[cur.next++];
      switch (ins.kind) {
        case "timer":
          cur.timers++;
          cur.resumeAt = now + ins.seconds * 1000;
          this.#opts.log.debug(1, `suspending execution for ${ins.seconds} seconds...`);
          if (cur.alarmsSeen) status.commitAlarms(state);
          this.#opts.wakeAt?.(cur.resumeAt);
          return;
        case "alarm":
          cur.alarmsSeen = true;
          status.alarm(ins.message);
          break;
        case "status":
          status.setStatus(state, ins.words);
          break;
        case "set":
          writeDummyVar(state, ins.name, ins.value, ins.empty);
          break;
      }
    }
    if (cur.alarmsSeen) status.commitAlarms(state);
    this.#cursor = undefined;
    // A timed sequence goes on with its next pass at once (but never faster than once a second); an
    // untimed one waits for the next poll.
    if (this.#opts.mode === "loop" && cur.timers > 0) {
      this.#opts.wakeAt?.(Math.max(now, cur.startedAt + MIN_LOOP_MS));
    }
  }
}
