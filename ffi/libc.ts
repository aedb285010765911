/**
 * libc symbols the project needs beyond Deno/node APIs: supplementary groups, user/group lookup through
 * NSS, chroot, syslog. Opened lazily on first use, so a command that never drops privileges never
 * loads them. x86_64/aarch64 glibc and musl struct layouts (LP64).
 * @module
 */
import { cString as cstr, Errno, ERRNO_SYMBOLS, LazyLibrary } from "./dl.ts";

const symbols = {
  /** int setgroups(size_t size, const gid_t *list) */
  setgroups: { parameters: ["usize", "buffer"], result: "i32" },
  /** struct passwd *getpwnam(const char *name) */
  getpwnam: { parameters: ["buffer"], result: "pointer" },
  /** struct group *getgrnam(const char *name) */
  getgrnam: { parameters: ["buffer"], result: "pointer" },
  /** int chroot(const char *path) */
  chroot: { parameters: ["buffer"], result: "i32" },
  /** void openlog(const char *ident, int option, int facility) */
  openlog: { parameters: ["buffer", "i32", "i32"], result: "void" },
  /** void syslog(int priority, const char *format, ...) with format "%s" */
  syslog: { parameters: ["i32", "buffer", "buffer"], result: "void" },
  ...ERRNO_SYMBOLS,
} as const satisfies Deno.ForeignLibraryInterface;

/** An error of a libc call, with the errno it left. */
export class LibcError extends Error {
  /**
   * @param call the function that failed
   * @param errno the C errno
   */
  constructor(readonly call: string, readonly errno: number) {
    super(`${call} failed (errno ${errno})`);
    this.name = "LibcError";
  }
}

/** A user's identity from the system's user database. */
export interface UserEntry {
  /** login name */
  name: string;
  /** numeric user id */
  uid: number;
  /** primary group id */
  gid: number;
  /** home directory */
  home: string;
}

/** Typed, lazily opened facade over libc. One per process is enough; it holds no other state. */
export class Libc_ {
  #lib = new LazyLibrary("libc", ["libc.so.6", "libc.so"], symbols);
  #errnoCell: Errno | undefined;

  #errno(): number {
    return (this.#errnoCell ??= new Errno(this.#lib.symbols)).value;
  }

  /**
   * Replaces the supplementary groups.
   * @param gids the groups (empty to clear)
   */
  setgroups(gids: readonly number[]): void {
    const list = new Uint32Array(Math.max(1, gids.length));
    list.set(gids);
    if (this.#lib.symbols.setgroups(BigInt(gids.length), new Uint8Array(list.buffer)) !== 0) {
      throw new LibcError("setgroups", this.#errno());
    }
  }

  /**
   * Looks a user up by name (NSS: files, LDAP, ...).
   * @param name login name
   * @returns the entry, or undefined when unknown
   */
  getpwnam(name: string): UserEntry | undefined {
    const p = this.#lib.symbols.getpwnam(cstr(name));
    if (!p) return undefined;
    const v = new Deno.UnsafePointerView(p);
    const home = v.getPointer(32);
    return {
      name,
      uid: v.getUint32(16),
      gid: v.getUint32(20),
      home: home ? Deno.UnsafePointerView.getCString(home) : "/",
    };
  }

  /**
   * Looks a group up by name.
   * @param name group name
   * @returns the gid, or undefined when unknown
   */
  getgrnam(name: string): number | undefined {
    const p = this.#lib.symbols.getgrnam(cstr(name));
    if (!p) return undefined;
    return new Deno.UnsafePointerView(p).getUint32(16);
  }

  /**
   * Changes the root directory.
   * @param path the new root
   */
  chroot(path: string): void {
    if (this.#lib.symbols.chroot(cstr(path)) !== 0) throw new LibcError("chroot", this.#errno());
  }

  /**
   * Opens the syslog connection.
   * @param ident program name shown in the log
   * @param facility syslog facility number (3 = daemon)
   */
  openlog(ident: string, facility = 3): void {
    // The ident string must outlive the call: keep it referenced.
    this.#ident = cstr(ident);
    this.#lib.symbols.openlog(this.#ident, 0x01, /* LOG_PID */ facility << 3);
  }
  #ident: Uint8Array | undefined;

  /**
   * Writes one syslog line.
   * @param priority 3 = err, 4 = warning, 5 = notice, 6 = info, 7 = debug
   * @param message the text
   */
  syslog(priority: number, message: string): void {
    this.#lib.symbols.syslog(priority, cstr("%s"), cstr(message));
  }
}

export { Libc_ as Libc };
