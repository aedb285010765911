/**
 * TCP sockets and epoll straight from libc (Linux, x86_64 and aarch64), for the server's event loop
 * (lib/os/epoll_loop.ts): non-blocking, close-on-exec descriptors; SO_REUSEADDR and, on IPv6 listeners,
 * IPV6_V6ONLY (as NUT >= 2.8.1 sets them); peers' addresses from accept4(); errno mapped once to a
 * {@linkcode SocketError} with its name (`EADDRINUSE`...). EAGAIN is a return value, not an error, and
 * EINTR is retried.
 *
 * Opened lazily: nothing is loaded until the first call, so a command that never serves never needs FFI.
 * Every call here is synchronous (about 0.1 us plus the system call) except
 * {@linkcode LinuxSockets.epollWaitAsync}, which blocks on a worker thread.
 * @module
 */
import {
  AF,
  decodeSockaddr,
  encodeSockaddr,
  type IpAddress,
  SOCKADDR_IN6_SIZE,
  type SocketAddress,
} from "./sockaddr.ts";
import { cString, Errno, ERRNO_SYMBOLS, LazyLibrary, readCString } from "./dl.ts";

// read()/write()/send() return ssize_t; they are declared i32 here (the low half of the register, exact for the
// sizes we pass, all far below 2 GiB) because a 64-bit result comes back as a BigInt, which costs on
// every call of the hot path. Their size_t parameters stay 64-bit: they get a BigInt (a Number there takes
// Deno's slow path, three times the cost of the call).
const symbols = {
  /** int socket(int domain, int type, int protocol) */
  socket: { parameters: ["i32", "i32", "i32"], result: "i32" },
  /** int setsockopt(int fd, int level, int name, const void *value, socklen_t len) */
  setsockopt: { parameters: ["i32", "i32", "i32", "buffer", "u32"], result: "i32" },
  /** int bind(int fd, const struct sockaddr *addr, socklen_t len) */
  bind: { parameters: ["i32", "buffer", "u32"], result: "i32" },
  /** int listen(int fd, int backlog) */
  listen: { parameters: ["i32", "i32"], result: "i32" },
  /** int connect(int fd, const struct sockaddr *addr, socklen_t len) */
  connect: { parameters: ["i32", "buffer", "u32"], result: "i32" },
  /** int getsockopt(int fd, int level, int name, void *value, socklen_t *len) */
  getsockopt: { parameters: ["i32", "i32", "i32", "buffer", "buffer"], result: "i32" },
  /** int getsockname(int fd, struct sockaddr *addr, socklen_t *len) */
  getsockname: { parameters: ["i32", "buffer", "buffer"], result: "i32" },
  /** int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags) */
  accept4: { parameters: ["i32", "buffer", "buffer", "i32"], result: "i32" },
  /** ssize_t read(int fd, void *buf, size_t count) */
  read: { parameters: ["i32", "buffer", "usize"], result: "i32" },
  /** ssize_t write(int fd, const void *buf, size_t count) */
  write: { parameters: ["i32", "buffer", "usize"], result: "i32" },
  /** ssize_t send(int fd, const void *buf, size_t len, int flags) */
  send: { parameters: ["i32", "buffer", "usize", "i32"], result: "i32" },
  /** int shutdown(int fd, int how) */
  shutdown: { parameters: ["i32", "i32"], result: "i32" },
  /** int close(int fd) */
  close: { parameters: ["i32"], result: "i32" },
  /** int epoll_create1(int flags) */
  epoll_create1: { parameters: ["i32"], result: "i32" },
  /** int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event) */
  epoll_ctl: { parameters: ["i32", "i32", "i32", "buffer"], result: "i32" },
  /** int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout) */
  epoll_wait: { parameters: ["i32", "buffer", "i32", "i32"], result: "i32" },
  /** epoll_wait() on a worker thread: the event loop runs meanwhile. */
  epoll_wait_blocking: {
    name: "epoll_wait",
    parameters: ["i32", "buffer", "i32", "i32"],
    result: "i32",
    nonblocking: true,
  },
  /** int sched_yield(void) */
  sched_yield: { parameters: [], result: "i32" },
  /** int eventfd(unsigned int initval, int flags) */
  eventfd: { parameters: ["u32", "i32"], result: "i32" },
  /** unsigned int if_nametoindex(const char *ifname) */
  if_nametoindex: { parameters: ["buffer"], result: "u32" },
  /** char *strerror(int errnum) */
  strerror: { parameters: ["i32"], result: "pointer" },
  ...ERRNO_SYMBOLS,
} as const satisfies Deno.ForeignLibraryInterface;

type Symbols = Deno.DynamicLibrary<typeof symbols>["symbols"];

/** Linux constants (the same on x86_64 and aarch64). */
const C = {
  SOCK_STREAM: 1,
  SOCK_NONBLOCK: 0o4000,
  SOCK_CLOEXEC: 0o2000000,
  SOL_SOCKET: 1,
  SO_REUSEADDR: 2,
  SO_ERROR: 4,
  SO_SNDBUF: 7,
  IPPROTO_TCP: 6,
  TCP_NODELAY: 1,
  IPPROTO_IPV6: 41,
  IPV6_V6ONLY: 26,
  MSG_NOSIGNAL: 0x4000,
  SHUT_WR: 1,
  EPOLL_CLOEXEC: 0o2000000,
  EPOLL_CTL_ADD: 1,
  EPOLL_CTL_DEL: 2,
  EPOLL_CTL_MOD: 3,
  EFD_NONBLOCK: 0o4000,
  EFD_CLOEXEC: 0o2000000,
} as const;

/** epoll event bits. */
export const EPOLL = {
  IN: 0x001,
  OUT: 0x004,
  ERR: 0x008,
  HUP: 0x010,
  RDHUP: 0x2000,
} as const;

/** errno values the callers tell apart (Linux generic numbers). */
const ERRNO_NAMES: Record<number, string> = {
  1: "EPERM",
  2: "ENOENT",
  4: "EINTR",
  9: "EBADF",
  11: "EAGAIN",
  12: "ENOMEM",
  13: "EACCES",
  22: "EINVAL",
  23: "ENFILE",
  24: "EMFILE",
  32: "EPIPE",
  88: "ENOTSOCK",
  97: "EAFNOSUPPORT",
  98: "EADDRINUSE",
  99: "EADDRNOTAVAIL",
  103: "ECONNABORTED",
  104: "ECONNRESET",
  105: "ENOBUFS",
  107: "ENOTCONN",
  110: "ETIMEDOUT",
  111: "ECONNREFUSED",
  115: "EINPROGRESS",
};
const EINTR = 4;
const EAGAIN = 11;
const EINPROGRESS = 115;

/** A failed socket call, with errno's name in `code` (as node's errors have it). */
export class SocketError extends Error {
  /** errno's name, e.g. `EADDRINUSE` (`E<number>` for one not in the table). */
  readonly code: string;

  /**
   * Creates the error.
   * @param call the libc function (and what it was doing)
   * @param errno the C errno
   * @param text strerror()'s text
   */
  constructor(readonly call: string, readonly errno: number, text: string) {
    super(`${call}: ${text}`);
    this.name = "SocketError";
    this.code = ERRNO_NAMES[errno] ?? `E${errno}`;
  }
}

/**
 * `struct epoll_event` array: `uint32_t events; uint64_t data;`, packed (12 bytes) on x86_64, naturally
 * aligned (16 bytes) elsewhere. The 64-bit data holds a descriptor (low half) and a tag (high half).
 */
export class EpollEvents {
  /** Bytes of one event on this architecture. */
  static readonly SIZE: number = Deno.build.arch === "x86_64" ? 12 : 16;
  /** Offset of `data` in one event. */
  static readonly DATA: number = Deno.build.arch === "x86_64" ? 4 : 8;
  /** The array, as passed to epoll_wait(). */
  readonly bytes: Uint8Array<ArrayBuffer>;
  /** Events the array holds. */
  readonly capacity: number;
  #view: DataView;

  /**
   * Allocates room for `capacity` events.
   * @param capacity events per epoll_wait()
   */
  constructor(capacity: number) {
    this.capacity = capacity;
    this.bytes = new Uint8Array(capacity * EpollEvents.SIZE);
    this.#view = new DataView(this.bytes.buffer);
  }

  /**
   * The event bits of entry `i`.
   * @param i index
   * @returns EPOLL bits
   */
  events(i: number): number {
    return this.#view.getUint32(i * EpollEvents.SIZE, true);
  }

  /**
   * The descriptor of entry `i`.
   * @param i index
   * @returns the fd
   */
  fd(i: number): number {
    return this.#view.getInt32(i * EpollEvents.SIZE + EpollEvents.DATA, true);
  }

  /**
   * The tag of entry `i`.
   * @param i index
   * @returns the tag given at registration
   */
  tag(i: number): number {
    return this.#view.getUint32(i * EpollEvents.SIZE + EpollEvents.DATA + 4, true);
  }

  /**
   * Fills entry `i` (for epoll_ctl()).
   * @param i index
   * @param events EPOLL bits
   * @param fd descriptor
   * @param tag tag
   */
  set(i: number, events: number, fd: number, tag: number): void {
    const at = i * EpollEvents.SIZE;
    this.#view.setUint32(at, events, true);
    this.#view.setInt32(at + EpollEvents.DATA, fd, true);
    this.#view.setUint32(at + EpollEvents.DATA + 4, tag, true);
  }
}

/** A listening socket. */
export interface Listener {
  /** The descriptor. */
  fd: number;
  /** The port bound (resolved when 0 was asked). */
  port: number;
}

/** An accepted connection. */
export interface Accepted {
  /** The descriptor (non-blocking, close-on-exec). */
  fd: number;
  /** The peer. */
  peer: SocketAddress | undefined;
}

/** Whether this platform has the calls and struct layouts of this module. */
export function socketsSupported(): boolean {
  return Deno.build.os === "linux" && (Deno.build.arch === "x86_64" || Deno.build.arch === "aarch64");
}

/**
 * The typed facade over libc's sockets and epoll. Holds the library handle and a few scratch buffers; one
 * per event loop. All calls are made from the JS thread, whose errno is read through one cached pointer.
 */
export class LinuxSockets {
  #sym: Symbols | undefined;
  #lib = new LazyLibrary("libc", ["libc.so.6", "libc.so"], symbols);
  #errno: Errno | undefined;
  #addr = new Uint8Array(SOCKADDR_IN6_SIZE);
  #addrLen = new Uint32Array(1);
  #addrLenBytes = new Uint8Array(this.#addrLen.buffer);
  #one = new Uint8Array(new Int32Array([1]).buffer);
  #ctl = new EpollEvents(1);
  #counter = new Uint8Array(new BigUint64Array([1n]).buffer);
  #drain = new Uint8Array(8);
  #readLength = 0;
  #readLengthBig = 0n;

  #s(): Symbols {
    if (this.#sym) return this.#sym;
    if (!socketsSupported()) throw new Error(`epoll sockets: unsupported platform ${Deno.build.target}`);
    this.#sym = this.#lib.symbols;
    this.#errno = new Errno(this.#sym);
    return this.#sym;
  }

  /** Loads libc now (to find out early whether FFI is allowed). */
  open(): void {
    this.#s();
  }

  #errnoValue(): number {
    return this.#errno?.value ?? 0;
  }

  #fail(call: string, errno = this.#errnoValue()): SocketError {
    const p = this.#s().strerror(errno);
    return new SocketError(call, errno, readCString(p, 256) ?? `errno ${errno}`);
  }

  #check(call: string, r: number): number {
    if (r < 0) throw this.#fail(call);
    return r;
  }

  /**
   * Opens a TCP listener: socket, SO_REUSEADDR, IPV6_V6ONLY (IPv6), bind, listen.
   * @param ip the address
   * @param port the port (0 = any)
   * @param backlog listen() backlog
   * @returns the listener
   * @throws {SocketError} when a step fails (the socket is closed then)
   */
  listenTcp(ip: IpAddress, port: number, backlog: number): Listener {
    const s = this.#s();
    const family = ip.family === 4 ? AF.INET : AF.INET6;
    const fd = this.#check("socket", s.socket(family, C.SOCK_STREAM | C.SOCK_NONBLOCK | C.SOCK_CLOEXEC, 0));
    try {
      this.#check("setsockopt(SO_REUSEADDR)", s.setsockopt(fd, C.SOL_SOCKET, C.SO_REUSEADDR, this.#one, 4));
      // As NUT: an IPv6 listener takes IPv6 only; IPv4 gets its own (a failure here is not fatal).
      if (ip.family === 6) s.setsockopt(fd, C.IPPROTO_IPV6, C.IPV6_V6ONLY, this.#one, 4);
      const scope = ip.zone === undefined ? 0 : this.#scopeId(ip.zone);
      const sa = encodeSockaddr(ip, port, scope);
      this.#check("bind", s.bind(fd, sa, sa.length));
      this.#check("listen", s.listen(fd, backlog));
      this.#addrLen[0] = this.#addr.length;
      this.#check("getsockname", s.getsockname(fd, this.#addr, this.#addrLenBytes));
      return { fd, port: decodeSockaddr(this.#addr)?.port ?? port };
    } catch (e) {
      s.close(fd);
      throw e;
    }
  }

  #scopeId(zone: string): number {
    if (/^\d+$/.test(zone)) return Number(zone);
    const name = cString(zone);
    const index = this.#s().if_nametoindex(name);
    if (index === 0) throw this.#fail(`if_nametoindex(${zone})`);
    return index;
  }

  /**
   * Starts connecting a TCP client socket (non-blocking: it is connected when it turns writable, and
   * {@linkcode LinuxSockets.socketError} then tells how it went).
   * @param ip the server's address
   * @param port the server's port
   * @returns the descriptor
   * @throws {SocketError} when the attempt cannot even start
   */
  connectTcp(ip: IpAddress, port: number): number {
    const s = this.#s();
    const family = ip.family === 4 ? AF.INET : AF.INET6;
    const fd = this.#check("socket", s.socket(family, C.SOCK_STREAM | C.SOCK_NONBLOCK | C.SOCK_CLOEXEC, 0));
    const sa = encodeSockaddr(ip, port);
    if (s.connect(fd, sa, sa.length) < 0) {
      const e = this.#errnoValue();
      if (e !== EINPROGRESS && e !== EINTR) {
        s.close(fd);
        throw this.#fail("connect", e);
      }
    }
    return fd;
  }

  /**
   * The pending error of a socket (SO_ERROR), e.g. how a non-blocking connect ended.
   * @param fd the socket
   * @returns 0 or an errno
   */
  socketError(fd: number): number {
    const value = new Int32Array(1);
    this.#addrLen[0] = 4;
    const r = this.#s().getsockopt(
      fd,
      C.SOL_SOCKET,
      C.SO_ERROR,
      new Uint8Array(value.buffer),
      this.#addrLenBytes,
    );
    return r < 0 ? this.#errnoValue() : value[0];
  }

  /**
   * Accepts one pending connection.
   * @param fd the listener
   * @returns the connection, or undefined when none is pending (EAGAIN)
   * @throws {SocketError} on other errors (EMFILE...)
   */
  accept(fd: number): Accepted | undefined {
    const s = this.#s();
    for (;;) {
      this.#addrLen[0] = this.#addr.length;
      const c = s.accept4(fd, this.#addr, this.#addrLenBytes, C.SOCK_NONBLOCK | C.SOCK_CLOEXEC);
      if (c >= 0) return { fd: c, peer: decodeSockaddr(this.#addr) };
      const e = this.#errnoValue();
      if (e === EAGAIN) return undefined;
      // A connection reset before we took it: take the next one.
      if (e === EINTR || e === 103 /* ECONNABORTED */) continue;
      throw this.#fail("accept4", e);
    }
  }

  /**
   * Turns Nagle's algorithm off (replies are written whole, at once).
   * @param fd the connection
   */
  setNoDelay(fd: number): void {
    this.#s().setsockopt(fd, C.IPPROTO_TCP, C.TCP_NODELAY, this.#one, 4);
  }

  /**
   * Sets the kernel's send buffer of a socket (SO_SNDBUF: Linux doubles the value and stops growing it
   * by itself), so a peer that does not read holds that much of our replies in the kernel, not
   * megabytes.
   * @param fd the connection
   * @param bytes the size asked for
   */
  setSendBuffer(fd: number, bytes: number): void {
    this.#s().setsockopt(fd, C.SOL_SOCKET, C.SO_SNDBUF, new Uint8Array(new Int32Array([bytes]).buffer), 4);
  }

  /**
   * Reads what is there.
   * @param fd the connection
   * @param into the buffer
   * @returns bytes read (0 at end of stream), or -1 when nothing is there (EAGAIN)
   * @throws {SocketError} on errors (ECONNRESET...)
   */
  read(fd: number, into: Uint8Array<ArrayBuffer>): number {
    const s = this.#s();
    if (into.length !== this.#readLength) {
      this.#readLength = into.length;
      this.#readLengthBig = BigInt(into.length);
    }
    for (;;) {
      const n = s.read(fd, into, this.#readLengthBig);
      if (n >= 0) return n;
      const e = this.#errnoValue();
      if (e === EAGAIN) return -1;
      if (e !== EINTR) throw this.#fail("read", e);
    }
  }

  /**
   * Writes what the socket takes now (never raises SIGPIPE).
   * @param fd the connection
   * @param bytes the data
   * @returns bytes written, or -1 when the socket takes nothing now (EAGAIN)
   * @throws {SocketError} on errors (EPIPE, ECONNRESET...)
   */
  send(fd: number, bytes: Uint8Array<ArrayBuffer>): number {
    const s = this.#s();
    for (;;) {
      const n = s.send(fd, bytes, BigInt(bytes.length), C.MSG_NOSIGNAL);
      if (n >= 0) return n;
      const e = this.#errnoValue();
      if (e === EAGAIN) return -1;
      if (e !== EINTR) throw this.#fail("send", e);
    }
  }

  /**
   * Ends the sending side (the peer reads end of stream once the data sent is read).
   * @param fd the connection
   */
  shutdownWrite(fd: number): void {
    this.#s().shutdown(fd, C.SHUT_WR);
  }

  /**
   * Closes a descriptor (it leaves every epoll set with it).
   * @param fd the descriptor
   */
  close(fd: number): void {
    this.#s().close(fd);
  }

  /**
   * Creates an epoll instance.
   * @returns its descriptor
   */
  epollCreate(): number {
    return this.#check("epoll_create1", this.#s().epoll_create1(C.EPOLL_CLOEXEC));
  }

  #ctlCall(ep: number, op: number, fd: number, events: number, tag: number, call: string): void {
    this.#ctl.set(0, events, fd, tag);
    this.#check(call, this.#s().epoll_ctl(ep, op, fd, this.#ctl.bytes));
  }

  /**
   * Watches a descriptor (level-triggered).
   * @param ep the epoll instance
   * @param fd the descriptor
   * @param events EPOLL bits
   * @param tag returned with its events (to tell a reused descriptor number apart)
   */
  epollAdd(ep: number, fd: number, events: number, tag: number): void {
    this.#ctlCall(ep, C.EPOLL_CTL_ADD, fd, events, tag, "epoll_ctl(ADD)");
  }

  /**
   * Changes what is watched on a descriptor.
   * @param ep the epoll instance
   * @param fd the descriptor
   * @param events EPOLL bits
   * @param tag as given to {@linkcode LinuxSockets.epollAdd}
   */
  epollModify(ep: number, fd: number, events: number, tag: number): void {
    this.#ctlCall(ep, C.EPOLL_CTL_MOD, fd, events, tag, "epoll_ctl(MOD)");
  }

  /**
   * Stops watching a descriptor.
   * @param ep the epoll instance
   * @param fd the descriptor
   */
  epollDelete(ep: number, fd: number): void {
    this.#s().epoll_ctl(ep, C.EPOLL_CTL_DEL, fd, this.#ctl.bytes);
  }

  /**
   * Collects ready events without waiting longer than `timeoutMs` (0: just look), on the JS thread.
   * @param ep the epoll instance
   * @param into the event array
   * @param timeoutMs 0 to poll
   * @returns events collected (0 when interrupted)
   */
  epollWait(ep: number, into: EpollEvents, timeoutMs = 0): number {
    const n = this.#s().epoll_wait(ep, into.bytes, into.capacity, timeoutMs);
    if (n >= 0) return n;
    const e = this.#errnoValue();
    if (e === EINTR) return 0;
    throw this.#fail("epoll_wait", e);
  }

  /**
   * Waits for events on a worker thread (the JS event loop runs meanwhile). The array must not be used
   * until the promise settles.
   * @param ep the epoll instance
   * @param into the event array
   * @param timeoutMs -1 = no limit
   * @returns events collected; 0 on timeout or interruption (errno is the worker's, not ours)
   */
  async epollWaitAsync(ep: number, into: EpollEvents, timeoutMs = -1): Promise<number> {
    const n = await this.#s().epoll_wait_blocking(ep, into.bytes, into.capacity, timeoutMs);
    return n < 0 ? 0 : n;
  }

  /** Lets another runnable thread of this CPU run first (a spinning loop must not starve its peer). */
  yieldCpu(): void {
    this.#s().sched_yield();
  }

  /**
   * Creates an eventfd (a counter a thread blocked in epoll_wait() can be woken with).
   * @returns its descriptor
   */
  eventfd(): number {
    return this.#check("eventfd", this.#s().eventfd(0, C.EFD_NONBLOCK | C.EFD_CLOEXEC));
  }

  /**
   * Makes an eventfd readable.
   * @param fd the eventfd
   */
  eventfdSignal(fd: number): void {
    // Fails only when the counter is about to overflow: it is readable then anyway.
    this.#s().write(fd, this.#counter, 8n);
  }

  /**
   * Resets an eventfd to not readable.
   * @param fd the eventfd
   */
  eventfdDrain(fd: number): void {
    this.#s().read(fd, this.#drain, 8n);
  }

  /** Unloads libc (after every descriptor is closed). */
  closeLibrary(): void {
    this.#lib.close();
    this.#sym = undefined;
    this.#errno = undefined;
  }
}
