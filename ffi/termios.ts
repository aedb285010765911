/**
 * Serial ports through libc (open, termios, ioctl, poll) as the {@linkcode SerialBus} of
 * lib/transport/serial.ts. Nothing here blocks the event loop: the descriptor is non-blocking, read and
 * write are synchronous calls that return at once (EAGAIN), and the waiting is poll() declared
 * `nonblocking` (a worker thread) in slices of at most 100 ms, so close() never waits long for a poll
 * in flight. tcdrain and tcsendbreak, which block, are not used: drain polls TIOCOUTQ, break is
 * TIOCSBRK/TIOCCBRK around a timer. Exclusive access: TIOCEXCL, flock and a UUCP lock file
 * (lib/transport/serial_lock.ts). Linux x86_64/aarch64 constants and struct layouts.
 *
 * Test hook: ptys have no modem lines and LD_PRELOAD does not reach Deno's FFI, so the modem-line
 * ioctls (TIOCMGET/TIOCMBIS/TIOCMBIC) can be taken from another library's `int modem_ioctl(int, unsigned
 * long, void *)` (tests/rigs/modem_lines.c), named by `modemIoctlLibrary`.
 * @module
 */
import { cString, Errno, ERRNO_SYMBOLS, LazyLibrary } from "./dl.ts";
import { TransportError, type TransportErrorKind } from "../lib/transport/error.ts";
import { acquireSerialLock, type SerialLock } from "../lib/transport/serial_lock.ts";
import type {
  ModemInputs,
  ModemOutputs,
  SerialBus,
  SerialOpenOptions,
  SerialPort,
  SerialQueue,
  SerialSettings,
} from "../lib/transport/serial.ts";

/** The libc symbols of serial ports (`nonblocking`: may wait, so on a worker thread). */
export const TERMIOS_SYMBOLS = {
  /** int open(const char *path, int flags) */
  open: { parameters: ["buffer", "i32"], result: "i32" },
  /** int close(int fd) */
  close: { parameters: ["i32"], result: "i32" },
  /** ssize_t read(int fd, void *buf, size_t n) (non-blocking descriptor) */
  read: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  /** ssize_t write(int fd, const void *buf, size_t n) (non-blocking descriptor) */
  write: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  /** int poll(struct pollfd *fds, nfds_t n, int timeout): waits, so on a worker thread */
  poll: { parameters: ["buffer", "u64", "i32"], result: "i32", nonblocking: true },
  /** int tcgetattr(int fd, struct termios *t) */
  tcgetattr: { parameters: ["i32", "buffer"], result: "i32" },
  /** int tcsetattr(int fd, int when, const struct termios *t) */
  tcsetattr: { parameters: ["i32", "i32", "buffer"], result: "i32" },
  /** void cfmakeraw(struct termios *t) */
  cfmakeraw: { parameters: ["buffer"], result: "void" },
  /** int cfsetispeed(struct termios *t, speed_t s) */
  cfsetispeed: { parameters: ["buffer", "u32"], result: "i32" },
  /** int cfsetospeed(struct termios *t, speed_t s) */
  cfsetospeed: { parameters: ["buffer", "u32"], result: "i32" },
  /** int tcflush(int fd, int queue) */
  tcflush: { parameters: ["i32", "i32"], result: "i32" },
  /** int ioctl(int fd, unsigned long request, void *arg) */
  ioctl: { parameters: ["i32", "u64", "buffer"], result: "i32" },
  /** int flock(int fd, int op) */
  flock: { parameters: ["i32", "i32"], result: "i32" },
  ...ERRNO_SYMBOLS,
} as const satisfies Deno.ForeignLibraryInterface;
const symbols = TERMIOS_SYMBOLS;

const modemSymbols = {
  /** int modem_ioctl(int fd, unsigned long request, void *arg) */
  modem_ioctl: { parameters: ["i32", "u64", "buffer"], result: "i32" },
} as const satisfies Deno.ForeignLibraryInterface;

// open(2) flags.
const O_RDWR = 0o2, O_NOCTTY = 0o400, O_NONBLOCK = 0o4000, O_CLOEXEC = 0o2000000;
// errno values.
const EINTR = 4, EIO = 5, ENXIO = 6, EAGAIN = 11, EACCES = 13, EBUSY = 16, ENODEV = 19, ENOENT = 2;
const EPERM = 1, ENOTTY = 25, EROFS = 30, ELOOP = 40, ENOTDIR = 20, EISDIR = 21;
// ioctl requests.
const TIOCEXCL = 0x540cn, TIOCOUTQ = 0x5411n, TIOCMGET = 0x5415n, TIOCMBIS = 0x5416n, TIOCMBIC = 0x5417n;
const TIOCSBRK = 0x5427n, TIOCCBRK = 0x5428n;
// Modem line bits.
const TIOCM_DTR = 0x002, TIOCM_RTS = 0x004, TIOCM_CTS = 0x020, TIOCM_CAR = 0x040, TIOCM_RNG = 0x080;
const TIOCM_DSR = 0x100;
// poll events.
const POLLIN = 0x1, POLLOUT = 0x4, POLLERR = 0x8, POLLHUP = 0x10, POLLNVAL = 0x20;
// flock, tcflush, tcsetattr.
const LOCK_EX = 2, LOCK_NB = 4;
const TCIFLUSH = 0, TCOFLUSH = 1, TCIOFLUSH = 2, TCSANOW = 0;
// struct termios (glibc): c_iflag 0, c_oflag 4, c_cflag 8, c_lflag 12, c_line 16, c_cc 17..48, speeds.
const TERMIOS_SIZE = 64, C_IFLAG = 0, C_CFLAG = 8, C_CC = 17, VTIME = 5, VMIN = 6;
const CSIZE = 0o60, CS5 = 0o0, CS6 = 0o20, CS7 = 0o40, CS8 = 0o60, CSTOPB = 0o100, CREAD = 0o200;
const PARENB = 0o400, PARODD = 0o1000, HUPCL = 0o2000, CLOCAL = 0o4000, CRTSCTS = 0o20000000000;
const IXON = 0o2000, IXOFF = 0o10000, INPCK = 0o20;

/** POSIX speeds and their speed_t codes (Linux). */
const SPEEDS: ReadonlyMap<number, number> = new Map([
  [50, 0o1],
  [75, 0o2],
  [110, 0o3],
  [134, 0o4],
  [150, 0o5],
  [200, 0o6],
  [300, 0o7],
  [600, 0o10],
  [1200, 0o11],
  [1800, 0o12],
  [2400, 0o13],
  [4800, 0o14],
  [9600, 0o15],
  [19200, 0o16],
  [38400, 0o17],
  [57600, 0o10001],
  [115200, 0o10002],
  [230400, 0o10003],
  [460800, 0o10004],
  [500000, 0o10005],
  [576000, 0o10006],
  [921600, 0o10007],
  [1000000, 0o10010],
  [1152000, 0o10011],
  [1500000, 0o10012],
  [2000000, 0o10013],
  [2500000, 0o10014],
  [3000000, 0o10015],
  [3500000, 0o10016],
  [4000000, 0o10017],
]);

/** The longest single poll(): close() waits at most this for one in flight. */
const POLL_SLICE_MS = 100;
/** How often a drain looks at the output queue. */
const DRAIN_STEP_MS = 2;

/**
 * The TransportError kind of an errno.
 * @param errno the C errno
 * @returns its kind
 */
export function serialErrorKind(errno: number): TransportErrorKind {
  switch (errno) {
    case ENOENT:
    case ENXIO:
    case ENODEV:
    case ENOTDIR:
    case EISDIR:
    case ELOOP:
      return "NOT_FOUND";
    case EACCES:
    case EPERM:
    case EROFS:
      return "ACCESS_DENIED";
    case EBUSY:
    case EAGAIN:
      return "BUSY";
    case EIO:
      return "DISCONNECTED";
    default:
      return "IO";
  }
}

/** The termios library, opened on first use (one per bus). */
type Lib = LazyLibrary<typeof symbols>;

/** How the system's serial bus is made. */
export interface TermiosBusOptions {
  /** The library whose `modem_ioctl` replaces ioctl for modem lines (tests on ptys); default: libc. */
  readonly modemIoctlLibrary?: string;
  /** The folder of UUCP lock files (default /var/lock). */
  readonly lockDir?: string;
  /** Where the ports are listed from (default /sys/class/tty, /dev). */
  readonly sysfsTty?: string;
}

/** Serial ports of this system, through termios. */
export class TermiosSerialBus implements SerialBus, Disposable {
  #lib: Lib = new LazyLibrary("libc", ["libc.so.6", "libc.so"], symbols);
  #modem: LazyLibrary<typeof modemSymbols> | undefined;
  #errno: Errno | undefined;

  /** @param options test hooks and folders */
  constructor(readonly options: TermiosBusOptions = {}) {
    if (options.modemIoctlLibrary) {
      this.#modem = new LazyLibrary("modem-line library", [options.modemIoctlLibrary], modemSymbols);
    }
  }

  /** The errno of the last synchronous call on this thread. */
  errno(): number {
    return (this.#errno ??= new Errno(this.#lib.symbols)).value;
  }

  /**
   * Opens a port: O_NOCTTY|O_NONBLOCK, then (when exclusive) TIOCEXCL, flock and the lock file, then raw
   * mode with the settings.
   * @param path the device
   * @param settings line settings
   * @param options exclusivity
   * @returns the port
   * @throws {TransportError} NOT_FOUND, ACCESS_DENIED, BUSY (another process has it), IO; PROTOCOL for a
   *   speed or framing the system has not
   */
  async open(path: string, settings: SerialSettings, options: SerialOpenOptions = {}): Promise<SerialPort> {
    termiosFor(settings); // refuse a bad speed before anything is opened
    const exclusive = options.exclusive ?? true;
    let lock: SerialLock | undefined;
    if (exclusive) lock = await acquireSerialLock(path, { dir: this.options.lockDir });
    const s = this.#lib.symbols;
    const fd = s.open(cString(path), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
      const errno = this.errno();
      await lock?.release();
      throw new TransportError(serialErrorKind(errno), `open ${path}: errno ${errno}`);
    }
    const fail = async (what: string, kind?: TransportErrorKind) => {
      const errno = this.errno();
      s.close(fd);
      await lock?.release();
      return new TransportError(kind ?? serialErrorKind(errno), `${what} ${path}: errno ${errno}`);
    };
    if (exclusive) {
      if (s.flock(fd, LOCK_EX | LOCK_NB) !== 0) throw await fail("flock", "BUSY");
      if (s.ioctl(fd, TIOCEXCL, null) !== 0 && this.errno() !== ENOTTY) throw await fail("TIOCEXCL");
    }
    const port = new TermiosPort(this, this.#lib, this.#modem, fd, path, lock);
    try {
      await port.configure(settings);
    } catch (e) {
      await port.close();
      throw e;
    }
    return port;
  }

  /**
   * The serial ports of this system: those under /sys/class/tty with a device behind them (a 16550
   * that the kernel found, a USB-serial bridge, a USB modem-class UPS, a board UART).
   * @returns /dev paths, sorted
   */
  async list(): Promise<string[]> {
    const sys = this.options.sysfsTty ?? "/sys/class/tty";
    const out: string[] = [];
    try {
      for await (const e of Deno.readDir(sys)) {
        if (!/^tty(S|USB|ACM|AMA|XRUSB|SAC|mxc|O|HS)\d+$/.test(e.name)) continue;
        try {
          await Deno.stat(`${sys}/${e.name}/device`);
        } catch {
          continue;
        }
        if (e.name.startsWith("ttyS")) {
          // Legacy 8250 ports exist whether or not a UART answers; type 0 is PORT_UNKNOWN.
          const type = await Deno.readTextFile(`${sys}/${e.name}/type`).catch(() => "0");
          if (Number(type.trim()) === 0) continue;
        }
        out.push(`/dev/${e.name}`);
      }
    } catch {
      return [];
    }
    return out.sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  }

  /** Unloads the libraries (no port may be open). */
  [Symbol.dispose](): void {
    this.#lib.close();
    this.#modem?.close();
  }
}

/**
 * The termios fields of a setting.
 * @param settings the settings
 * @returns the speed code and the c_cflag / c_iflag bits to set
 * @throws {TransportError} PROTOCOL for a speed or a data size the system has not
 */
function termiosFor(settings: SerialSettings): { speed: number; cflag: number; iflag: number } {
  const speed = SPEEDS.get(settings.baud);
  if (speed === undefined) {
    throw new TransportError(
      "PROTOCOL",
      `${settings.baud} is not a serial speed (${[...SPEEDS.keys()].join(", ")})`,
    );
  }
  const size = { 5: CS5, 6: CS6, 7: CS7, 8: CS8 }[settings.dataBits ?? 8];
  if (size === undefined) throw new TransportError("PROTOCOL", `${settings.dataBits} data bits`);
  let cflag = size | CREAD | CLOCAL;
  if ((settings.stopBits ?? 1) === 2) cflag |= CSTOPB;
  const parity = settings.parity ?? "none";
  if (parity !== "none") cflag |= PARENB | (parity === "odd" ? PARODD : 0);
  if (settings.flow === "rtscts") cflag |= CRTSCTS;
  if (settings.hupcl !== false) cflag |= HUPCL;
  let iflag = parity !== "none" ? INPCK : 0;
  if (settings.flow === "xonxoff") iflag |= IXON | IXOFF;
  return { speed, cflag, iflag };
}

class TermiosPort implements SerialPort {
  #fd: number;
  #closed = false;
  #polling: Promise<unknown> | undefined;
  #buf = new Uint8Array(4096);
  #pollfd = new Uint8Array(8);

  constructor(
    readonly bus: TermiosSerialBus,
    readonly lib: Lib,
    readonly modem: LazyLibrary<typeof modemSymbols> | undefined,
    fd: number,
    readonly path: string,
    readonly lock: SerialLock | undefined,
  ) {
    this.#fd = fd;
  }

  #live(): number {
    if (this.#closed) throw new TransportError("DISCONNECTED", `${this.path}: the port is closed`);
    return this.#fd;
  }

  #error(what: string): TransportError {
    const errno = this.bus.errno();
    return new TransportError(serialErrorKind(errno), `${what} ${this.path}: errno ${errno}`);
  }

  configure(settings: SerialSettings): Promise<void> {
    const fd = this.#live();
    const { speed, cflag, iflag } = termiosFor(settings);
    const s = this.lib.symbols;
    const t = new Uint8Array(TERMIOS_SIZE);
    if (s.tcgetattr(fd, t) !== 0) return Promise.reject(this.#error("tcgetattr"));
    s.cfmakeraw(t);
    const v = new DataView(t.buffer);
    const oldC = v.getUint32(C_CFLAG, true);
    v.setUint32(C_CFLAG, (oldC & ~(CSIZE | CSTOPB | PARENB | PARODD | CRTSCTS | HUPCL)) | cflag, true);
    const oldI = v.getUint32(C_IFLAG, true);
    v.setUint32(C_IFLAG, (oldI & ~(IXON | IXOFF | INPCK)) | iflag, true);
    // VMIN 1: a read with nothing there is EAGAIN (O_NONBLOCK), so 0 means hung up (VMIN 0 gives 0 then).
    t[C_CC + VMIN] = 1;
    t[C_CC + VTIME] = 0;
    s.cfsetispeed(t, speed);
    s.cfsetospeed(t, speed);
    if (s.tcsetattr(fd, TCSANOW, t) !== 0) return Promise.reject(this.#error("tcsetattr"));
    return Promise.resolve();
  }

  /** Waits for an event on the descriptor, in slices; gives the revents (0: the limit passed). */
  async #poll(events: number, timeoutMs: number): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    const v = new DataView(this.#pollfd.buffer);
    for (;;) {
      const fd = this.#live();
      const left = Math.ceil(deadline - performance.now());
      if (left <= 0) return 0;
      v.setInt32(0, fd, true);
      v.setInt16(4, events, true);
      v.setInt16(6, 0, true);
      const p = this.lib.symbols.poll(this.#pollfd, 1n, Math.min(left, POLL_SLICE_MS));
      this.#polling = p;
      const n = await p;
      this.#polling = undefined;
      if (this.#closed) throw new TransportError("DISCONNECTED", `${this.path}: the port is closed`);
      if (n > 0) return v.getInt16(6, true);
      // n < 0: EINTR on the worker (its errno is not ours to read); try again until the limit.
    }
  }

  async read(max: number, timeoutMs: number): Promise<Uint8Array> {
    const s = this.lib.symbols;
    const want = Math.max(1, Math.min(max, this.#buf.length));
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const n = Number(s.read(this.#live(), this.#buf, BigInt(want)));
      if (n > 0) return this.#buf.slice(0, n);
      if (n === 0) throw new TransportError("DISCONNECTED", `${this.path}: hung up (the device is gone)`);
      const errno = this.bus.errno();
      if (errno !== EAGAIN && errno !== EINTR) {
        throw new TransportError(serialErrorKind(errno), `read ${this.path}: errno ${errno}`);
      }
      const ev = await this.#poll(POLLIN, deadline - performance.now());
      if (ev === 0) return new Uint8Array();
      if (ev & POLLNVAL) throw new TransportError("DISCONNECTED", `${this.path}: the descriptor is gone`);
      if ((ev & (POLLHUP | POLLERR)) && !(ev & POLLIN)) {
        throw new TransportError("DISCONNECTED", `${this.path}: hung up`);
      }
    }
  }

  async write(data: Uint8Array, timeoutMs: number): Promise<void> {
    const s = this.lib.symbols;
    const deadline = performance.now() + timeoutMs;
    const bytes = new Uint8Array(data);
    let at = 0;
    while (at < bytes.length) {
      const n = Number(s.write(this.#live(), bytes.subarray(at), BigInt(bytes.length - at)));
      if (n > 0) {
        at += n;
        continue;
      }
      const errno = this.bus.errno();
      if (n < 0 && errno !== EAGAIN && errno !== EINTR) {
        throw new TransportError(serialErrorKind(errno), `write ${this.path}: errno ${errno}`);
      }
      const ev = await this.#poll(POLLOUT, deadline - performance.now());
      if (ev === 0) {
        throw new TransportError(
          "TIMEOUT",
          `write ${this.path}: ${at} of ${bytes.length} bytes in ${timeoutMs} ms`,
        );
      }
      if (ev & (POLLHUP | POLLERR | POLLNVAL)) {
        throw new TransportError("DISCONNECTED", `write ${this.path}: hung up`);
      }
    }
    await this.#drain(deadline, timeoutMs);
  }

  /** Waits until the output queue is empty (tcdrain without blocking). */
  async #drain(deadline: number, timeoutMs: number): Promise<void> {
    const q = new Int32Array(1);
    const qb = new Uint8Array(q.buffer);
    for (;;) {
      if (this.lib.symbols.ioctl(this.#live(), TIOCOUTQ, qb) !== 0) return; // no queue to look at (ENOTTY)
      if (q[0] <= 0) return;
      if (performance.now() >= deadline) {
        throw new TransportError(
          "TIMEOUT",
          `write ${this.path}: ${q[0]} bytes still queued after ${timeoutMs} ms`,
        );
      }
      await new Promise((r) => setTimeout(r, DRAIN_STEP_MS));
    }
  }

  flush(queue: SerialQueue): Promise<void> {
    const which = { input: TCIFLUSH, output: TCOFLUSH, both: TCIOFLUSH }[queue];
    if (this.lib.symbols.tcflush(this.#live(), which) !== 0) return Promise.reject(this.#error("tcflush"));
    return Promise.resolve();
  }

  async sendBreak(ms: number): Promise<void> {
    const s = this.lib.symbols;
    if (s.ioctl(this.#live(), TIOCSBRK, null) !== 0) throw this.#error("TIOCSBRK");
    await new Promise((r) => setTimeout(r, Math.max(1, Math.min(ms, 5_000))));
    if (!this.#closed && s.ioctl(this.#fd, TIOCCBRK, null) !== 0) throw this.#error("TIOCCBRK");
  }

  #modemIoctl(request: bigint, arg: Int32Array): number {
    const b = new Uint8Array(arg.buffer);
    return this.modem
      ? this.modem.symbols.modem_ioctl(this.#live(), request, b)
      : this.lib.symbols.ioctl(this.#live(), request, b);
  }

  setModemLines(lines: ModemOutputs): Promise<void> {
    let set = 0, clear = 0;
    if (lines.dtr !== undefined) lines.dtr ? (set |= TIOCM_DTR) : (clear |= TIOCM_DTR);
    if (lines.rts !== undefined) lines.rts ? (set |= TIOCM_RTS) : (clear |= TIOCM_RTS);
    if (set && this.#modemIoctl(TIOCMBIS, Int32Array.of(set)) !== 0) {
      return Promise.reject(this.#error("TIOCMBIS"));
    }
    if (clear && this.#modemIoctl(TIOCMBIC, Int32Array.of(clear)) !== 0) {
      return Promise.reject(this.#error("TIOCMBIC"));
    }
    return Promise.resolve();
  }

  modemLines(): Promise<ModemInputs> {
    const bits = new Int32Array(1);
    if (this.#modemIoctl(TIOCMGET, bits) !== 0) return Promise.reject(this.#error("TIOCMGET"));
    const b = bits[0];
    return Promise.resolve({
      cts: (b & TIOCM_CTS) !== 0,
      dsr: (b & TIOCM_DSR) !== 0,
      dcd: (b & TIOCM_CAR) !== 0,
      ri: (b & TIOCM_RNG) !== 0,
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // A poll in flight ends within its slice; the descriptor is closed after it, never under it.
    await this.#polling?.catch(() => {});
    // close() of a tty waits for unsent output (up to the port's closing_wait, 30 s): drop it first.
    this.lib.symbols.tcflush(this.#fd, TCOFLUSH);
    this.lib.symbols.close(this.#fd);
    await this.lock?.release();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
