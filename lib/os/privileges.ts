/**
 * Dropping root privileges after binding, as NUT's daemons do (`-u user`, ups.conf `user`/`group`,
 * RUN_AS_USER), and chroot.
 * @module
 */
import process from "node:process";
import { Libc } from "../../ffi/libc.ts";

/** What to become. */
export interface DropOptions {
  /** User name or numeric uid. */
  user: string;
  /** Group name or numeric gid; default: the user's primary group. */
  group?: string;
  /** Directory to chroot into first. */
  chroot?: string;
}

/**
 * Becomes `user` (and `group`): supplementary groups cleared, gid then uid set. Does nothing when the
 * process already runs as that user; fails clearly when not root and asked to change.
 * @param options the target identity
 * @param libc libc facade (injectable for tests)
 * @throws {Error} naming the user or group that is unknown, or the call that failed
 */
export function dropPrivileges(options: DropOptions, libc: Libc = new Libc()): void {
  const numeric = /^\d+$/;
  const pw = numeric.test(options.user) ? undefined : libc.getpwnam(options.user);
  if (!numeric.test(options.user) && !pw) throw new Error(`Unknown user "${options.user}"`);
  const uid = pw ? pw.uid : Number(options.user);
  let gid = pw ? pw.gid : Number(options.user);
  if (options.group) {
    const g = numeric.test(options.group) ? Number(options.group) : libc.getgrnam(options.group);
    if (g === undefined) throw new Error(`Unknown group "${options.group}"`);
    gid = g;
  }
  const currentUid = process.getuid?.() ?? -1;
  if (options.chroot) {
    libc.chroot(options.chroot);
    Deno.chdir("/");
  }
  if (currentUid === uid && (process.getgid?.() ?? -1) === gid) return;
  if (currentUid !== 0) {
    throw new Error(`Cannot switch to user "${options.user}": not running as root (uid ${currentUid})`);
  }
  libc.setgroups([gid]);
  process.setgid!(gid);
  process.setuid!(uid);
}
