/**
 * A pseudo-terminal for serial tests: the port side (a /dev/pts/N path a serial driver opens as it opens
 * /dev/ttyS0) and the device side (the master, read and written by the test as a UPS would). The master
 * is non-blocking and waited on with poll() off the event loop, in short slices. ptys have no modem
 * lines (tests/rigs/modem_lines.c fakes them) and ignore the speed.
 * @module
 */
import { Errno, ERRNO_SYMBOLS, LazyLibrary } from "../../ffi/dl.ts";

const symbols = {
  posix_openpt: { parameters: ["i32"], result: "i32" },
  grantpt: { parameters: ["i32"], result: "i32" },
  unlockpt: { parameters: ["i32"], result: "i32" },
  ptsname_r: { parameters: ["i32", "buffer", "usize"], result: "i32" },
  read: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  write: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  close: { parameters: ["i32"], result: "i32" },
  poll: { parameters: ["buffer", "u64", "i32"], result: "i32", nonblocking: true },
  ...ERRNO_SYMBOLS,
} as const satisfies Deno.ForeignLibraryInterface;

const O_RDWR = 2, O_NOCTTY = 0o400, O_NONBLOCK = 0o4000, O_CLOEXEC = 0o2000000, EAGAIN = 11, POLLIN = 1;

/** A pty: `path` is the port, the methods are the device side. */
export class Pty implements AsyncDisposable {
  #lib = new LazyLibrary("libc", ["libc.so.6"], symbols);
  #fd: number;
  #closed = false;
  #polling: Promise<number> | undefined;
  /** The port side, to open as a serial port. */
  readonly path: string;

  constructor() {
    const s = this.#lib.symbols;
    // Close-on-exec: a child process (the driver under test) must not hold the device side open, or
    // closing it here would not hang the port up.
    this.#fd = s.posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (this.#fd < 0) throw new Error(`posix_openpt: errno ${new Errno(s).value}`);
    const name = new Uint8Array(128);
    if (s.grantpt(this.#fd) || s.unlockpt(this.#fd) || s.ptsname_r(this.#fd, name, 128n)) {
      throw new Error(`pty set-up: errno ${new Errno(s).value}`);
    }
    this.path = new TextDecoder().decode(name.subarray(0, name.indexOf(0)));
  }

  /**
   * Writes to the port side's input (what the device says).
   * @param data bytes or latin-1 text
   */
  write(data: Uint8Array | string): void {
    const b = typeof data === "string" ? Uint8Array.from(data, (c) => c.charCodeAt(0)) : new Uint8Array(data);
    const n = Number(this.#lib.symbols.write(this.#fd, b, BigInt(b.length)));
    if (n !== b.length) throw new Error(`pty write: ${n} of ${b.length}`);
  }

  /**
   * Reads what the port side wrote, waiting up to the limit for the first byte.
   * @param timeoutMs limit
   * @returns the bytes (empty: none in time)
   */
  async read(timeoutMs: number): Promise<Uint8Array> {
    const s = this.#lib.symbols;
    const buf = new Uint8Array(4096);
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      if (this.#closed) return new Uint8Array();
      const n = Number(s.read(this.#fd, buf, 4096n));
      if (n > 0) return buf.slice(0, n);
      if (n < 0 && new Errno(s).value !== EAGAIN) return new Uint8Array();
      const left = deadline - performance.now();
      if (left <= 0) return new Uint8Array();
      const pfd = new Uint8Array(8);
      new DataView(pfd.buffer).setInt32(0, this.#fd, true);
      new DataView(pfd.buffer).setInt16(4, POLLIN, true);
      this.#polling = s.poll(pfd, 1n, Math.min(100, Math.ceil(left)));
      await this.#polling;
      this.#polling = undefined;
    }
  }

  /**
   * Reads until the port side has written `text` (or the limit).
   * @param text what to wait for
   * @param timeoutMs limit
   * @returns everything read
   */
  async readUntilText(text: string, timeoutMs: number): Promise<string> {
    let got = "";
    const deadline = performance.now() + timeoutMs;
    while (!got.includes(text) && performance.now() < deadline) {
      const b = await this.read(deadline - performance.now());
      got += String.fromCharCode(...b);
    }
    return got;
  }

  /** Closes the device side: the port side reads end of file / EIO, as when a cable is pulled. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#polling;
    this.#lib.symbols.close(this.#fd);
    this.#lib.close();
  }

  /** Same as close. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
