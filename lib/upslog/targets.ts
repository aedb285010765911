/**
 * Where upslog writes: log files opened for appending (one handle per path, however many systems log
 * into it), or stdout for `-`. SIGHUP reopens the files, so logrotate can move them away.
 * @module
 */
import type { Output } from "../cli/io.ts";
import type { Logger } from "../log.ts";

/** One destination of log lines. */
export interface LogTarget {
  /** The path as given (`-` for stdout). */
  readonly name: string;
  /** Writes one line (a newline is added). */
  write(line: string): void;
  /** Opens the file again under its name (after a rotation); stdout stays. */
  reopen(): Promise<void>;
  /** Closes it (stdout stays open). */
  close(): void;
}

const encoder = new TextEncoder();

/**
 * Opens a file for appending, as fopen(path, "a").
 * @param path the file
 * @returns the handle
 */
export function openAppend(path: string): Promise<Deno.FsFile> {
  return Deno.open(path, { append: true, create: true, write: true });
}

/** The log files and stdout of one run, opened once each. */
export class LogTargets {
  #targets = new Map<string, LogTarget>();
  #out: Output;
  #log: Logger;
  #open: (path: string) => Promise<Deno.FsFile>;

  /**
   * @param out stdout for `-`
   * @param log where write and reopen failures are reported
   * @param open how files are opened (injectable)
   */
  constructor(out: Output, log: Logger, open: (path: string) => Promise<Deno.FsFile> = openAppend) {
    this.#out = out;
    this.#log = log;
    this.#open = open;
  }

  /**
   * The target for a name, opening it on first use.
   * @param name a path or `-`
   * @returns the target
   * @throws {Error} "could not open logfile <path>: <reason>"
   */
  async get(name: string): Promise<LogTarget> {
    const known = this.#targets.get(name);
    if (known) return known;
    const target = name === "-" ? this.#stdout() : await this.#file(name);
    this.#targets.set(name, target);
    return target;
  }

  /** Reopens every file (SIGHUP). */
  async reopen(): Promise<void> {
    for (const t of this.#targets.values()) await t.reopen();
  }

  /** Closes every file. */
  close(): void {
    for (const t of this.#targets.values()) t.close();
    this.#targets.clear();
  }

  #stdout(): LogTarget {
    const out = this.#out;
    const log = this.#log;
    return {
      name: "-",
      write: (line) => out.out(line + "\n"),
      reopen: () => {
        log.info("logging to stdout");
        return Promise.resolve();
      },
      close: () => {},
    };
  }

  async #file(path: string): Promise<LogTarget> {
    let file: Deno.FsFile;
    try {
      file = await this.#open(path);
    } catch (e) {
      throw new Error(`could not open logfile ${path}: ${(e as Error).message}`);
    }
    const log = this.#log;
    const open = this.#open;
    let failing = false;
    return {
      name: path,
      write(line) {
        const data = encoder.encode(line + "\n");
        try {
          let off = 0;
          while (off < data.length) off += file.writeSync(data.subarray(off));
          failing = false;
        } catch (e) {
          if (!failing) log.error(`write to logfile ${path} failed: ${(e as Error).message}`);
          failing = true;
        }
      },
      async reopen() {
        try {
          const next = await open(path);
          file.close();
          file = next;
        } catch (e) {
          // NUT exits here; we keep writing to the old file rather than lose every later line.
          log.error(
            `could not reopen logfile ${path}: ${(e as Error).message} (still writing to the old file)`,
          );
        }
      },
      close() {
        try {
          file.close();
        } catch { /* already closed */ }
      },
    };
  }
}
