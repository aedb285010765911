import { assertEquals, assertRejects } from "../testing/asserts.ts";
import { join } from "node:path";
import { Logger } from "../log.ts";
import { CapturedOutput } from "../cli/io.ts";
import {
  clearStaleLockFile,
  connectDaemon,
  createLockFile,
  type DaemonConnection,
  type DaemonLink,
  sendRequest,
} from "./client.ts";
import type { SchedRequest } from "./protocol.ts";
import { TimerDaemon } from "./daemon.ts";
import { upssched } from "./upssched.ts";
import { FileKindError } from "../os/open_regular.ts";
import { makeFifo } from "../testing/fifo.ts";
import { within } from "../testing/within.ts";

const quiet = () => new Logger({ sink: () => {} });
const SETTINGS = { cmdScript: ["/bin/cmd"], pipeFn: "/p", lockFn: "/l" };
const START: SchedRequest = {
  kind: "START",
  shared: false,
  name: "t",
  seconds: "5",
  notifyType: "ONBATT",
  upsName: "u",
  message: "",
};

/** A scripted system: a daemon that appears when started, a lock file, a log of what happened. */
function fakeLink(
  options: { running?: boolean; lockHeldFor?: number; reply?: string[]; lockKind?: "FIFO" } = {},
) {
  const events: string[] = [];
  let running = options.running ?? false;
  let lock = (options.lockHeldFor ?? 0) > 0;
  let lockChecks = 0;
  const conn: DaemonConnection = {
    exchange(line) {
      events.push(`send ${line}`);
      return Promise.resolve(options.reply ?? ["OK"]);
    },
    close() {},
  };
  const link: DaemonLink = {
    connect() {
      events.push("connect");
      return Promise.resolve(running ? conn : undefined);
    },
    createLock() {
      events.push("lock");
      if (lock && ++lockChecks >= (options.lockHeldFor ?? 0)) running = true; // the other caller's daemon
      if (lock) return Promise.resolve(false);
      lock = true;
      return Promise.resolve(true);
    },
    removeLock() {
      events.push("unlock");
      return Promise.resolve();
    },
    clearStaleLock(lockFn) {
      events.push("clear-stale");
      if (options.lockKind) {
        return Promise.reject(new FileKindError(lockFn, options.lockKind, "regular file"));
      }
      return Promise.resolve();
    },
    startDaemon() {
      events.push("start");
      running = true;
      lock = false;
      return Promise.resolve(true);
    },
    sleep(ms) {
      events.push(`sleep ${ms}`);
      return Promise.resolve();
    },
  };
  return { link, events };
}

Deno.test({
  name: "sendRequest() talks to a running daemon directly",
  permissions: "none",
  async fn() {
    const { link, events } = fakeLink({ running: true });
    assertEquals(await sendRequest(START, SETTINGS, link, quiet()), { kind: "done", lines: ["OK"] });
    assertEquals(events, ["connect", 'send START "t" "5" "ONBATT" "u" ""']);
  },
});

Deno.test({
  name: "sendRequest() starts the daemon under the lock, waits 250 ms, then sends",
  permissions: "none",
  async fn() {
    const { link, events } = fakeLink();
    assertEquals((await sendRequest(START, SETTINGS, link, quiet())).kind, "done");
    assertEquals(events, [
      "connect",
      "lock",
      "start",
      "sleep 250",
      "connect",
      'send START "t" "5" "ONBATT" "u" ""',
    ]);
  },
});

Deno.test({
  name: "sendRequest() with the lock held elsewhere clears it, waits and looks again",
  permissions: "none",
  async fn() {
    const { link, events } = fakeLink({ lockHeldFor: 2 });
    assertEquals((await sendRequest(START, SETTINGS, link, quiet())).kind, "done");
    assertEquals(events.slice(0, 9), [
      "connect",
      "lock",
      "clear-stale",
      "sleep 250",
      "connect",
      "lock",
      "clear-stale",
      "sleep 250",
      "connect",
    ]);
  },
});

Deno.test({
  name: "sendRequest() fails at once, naming LOCKFN, when what is there is no lock file (a FIFO)",
  permissions: "none",
  async fn() {
    const { link, events } = fakeLink({ lockHeldFor: 1, lockKind: "FIFO" });
    assertEquals(await sendRequest(START, SETTINGS, link, quiet()), {
      kind: "failed",
      message: "LOCKFN /l: not a regular file (a FIFO)",
    });
    assertEquals(events, ["connect", "lock", "clear-stale"]);
  },
});

Deno.test({
  name: "sendRequest() needs no daemon for a CANCEL without command, but starts one for a CANCEL with one",
  permissions: "none",
  async fn() {
    const cancel = {
      kind: "CANCEL",
      matched: false,
      name: "t",
      notifyType: "",
      upsName: "",
      message: "",
    } as const;
    const a = fakeLink();
    assertEquals(await sendRequest(cancel, SETTINGS, a.link, quiet()), { kind: "unnecessary" });
    assertEquals(a.events, ["connect"]);
    const b = fakeLink();
    assertEquals((await sendRequest({ ...cancel, command: "x" }, SETTINGS, b.link, quiet())).kind, "done");
    assertEquals(b.events.includes("start"), true);
  },
});

Deno.test({
  name: "sendRequest() gives up with NUT's message when the daemon keeps refusing",
  permissions: "none",
  async fn() {
    const { link } = fakeLink({ running: true, reply: ["ERR UNKNOWN"] });
    assertEquals(await sendRequest(START, SETTINGS, link, quiet()), {
      kind: "failed",
      message: "Unable to connect to daemon and unable to start daemon",
    });
  },
});

Deno.test("createLockFile() is exclusive; clearStaleLockFile() spares a live creator's lock", async () => {
  const dir = await Deno.makeTempDir();
  const exists = (p: string) => Deno.stat(p).then(() => true, () => false);
  try {
    const lock = join(dir, "lock");
    assertEquals([await createLockFile(lock, 4242), await createLockFile(lock)], [true, false]);
    assertEquals(await Deno.readTextFile(lock), "4242\n");
    await clearStaleLockFile(lock, (pid) => pid === 4242);
    assertEquals(await exists(lock), true);
    await clearStaleLockFile(lock, () => false);
    assertEquals(await exists(lock), false);
    // NUT's lock files are empty: removed once older than STALE_LOCK_MS.
    await Deno.writeTextFile(lock, "");
    await clearStaleLockFile(lock, () => true);
    assertEquals(await exists(lock), true);
    await clearStaleLockFile(lock, () => true, Date.now() + 60_000);
    assertEquals(await exists(lock), false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("clearStaleLockFile() neither reads nor removes a FIFO or a directory at LOCKFN", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const fifo = join(dir, "lock");
    await makeFifo(fifo);
    await within(
      assertRejects(
        () => clearStaleLockFile(fifo, () => false),
        FileKindError,
        `${fifo}: not a regular file`,
      ),
      5000,
    );
    await assertRejects(() => clearStaleLockFile(dir, () => false), FileKindError, "(a directory)");
    assertEquals((await Deno.lstat(fifo)).isFifo, true);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("upssched() in-process: timers start in one shared daemon, EXECUTE runs at once, CANCEL stops", async () => {
  const dir = await Deno.makeTempDir({ prefix: "nut-sched-" });
  const pipeFn = join(dir, "pipe");
  const conf = [
    "CMDSCRIPT /bin/cmd",
    `PIPEFN ${pipeFn}`,
    `LOCKFN ${join(dir, "lock")}`,
    "AT ONBATT * START-TIMER onbatt 30",
    "AT ONBATT * EXECUTE page",
    "AT ONLINE * CANCEL-TIMER onbatt backon",
  ].join("\n");
  const ran: string[] = [];
  let starts = 0;
  let daemon: TimerDaemon | undefined;
  const link = (): DaemonLink => ({
    connect: (p) => connectDaemon(p),
    createLock: createLockFile,
    removeLock: (l) => Deno.remove(l).catch(() => {}),
    clearStaleLock: () => Promise.resolve(),
    async startDaemon(s) {
      starts++;
      daemon = new TimerDaemon({
        pipeFn: s.pipeFn,
        log: quiet(),
        run: (a) => Promise.resolve(ran.push(`daemon ${a}`)),
      });
      await daemon.listen();
      await Deno.remove(s.lockFn);
      return true;
    },
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  });
  const call = async (env: Record<string, string>, args: string[] = []) => {
    const out = new CapturedOutput();
    const code = await upssched("upssched", args, {
      out,
      env: (n) => ({ NUT_CONFPATH: dir, ...env })[n],
      logSink: () => {},
      link,
      execute: (_c, a) => Promise.resolve(ran.push(`now ${a}`)),
      readConfig: (p) => Promise.resolve(p === join(dir, "upssched.conf") ? conf : undefined),
    });
    return { code, out };
  };
  try {
    assertEquals((await call({ UPSNAME: "u1", NOTIFYTYPE: "ONBATT" }, ["UPS u1 on battery"])).code, 0);
    assertEquals((await call({ UPSNAME: "u2", NOTIFYTYPE: "ONBATT" })).code, 0);
    assertEquals(starts, 1);
    assertEquals(daemon!.timers.map((t) => `${t.name} ${t.upsNames}`), ["onbatt u1", "onbatt u2"]);
    const listed = await call({}, ["-l"]);
    assertEquals(listed.out.stdout.split("\n").filter((l) => l).map((l) => l.split("\t")[0]), [
      "onbatt",
      "onbatt",
    ]);
    assertEquals((await call({ UPSNAME: "u1", NOTIFYTYPE: "ONLINE" })).code, 0);
    assertEquals(daemon!.timers.length, 0);
    assertEquals(ran, ["now page", "now page"]);
    assertEquals((await call({ UPSNAME: "u1", NOTIFYTYPE: "ONLINE" })).code, 0);
    assertEquals(ran, ["now page", "now page", "daemon backon"]);
    const help = await call({}, ["--help"]);
    assertEquals([help.code, help.out.stdout.startsWith("upssched: upsmon's scheduling helper")], [0, true]);
    const missing = await call({});
    assertEquals(missing.code, 1);
    assertEquals(
      missing.out.stdout,
      "Error: UPSNAME and NOTIFYTYPE must be set.\nThis program should only be run from upsmon.\n",
    );
  } finally {
    await daemon?.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
