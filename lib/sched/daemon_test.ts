import { assert, assertEquals } from "../testing/asserts.ts";
import { join } from "node:path";
import net from "node:net";
import { Logger } from "../log.ts";
import { TimerDaemon } from "./daemon.ts";
import { connectDaemon } from "./client.ts";

const quiet = () => new Logger({ sink: () => {} });

interface Ran {
  argument: string;
  env: Record<string, string | undefined>;
}

async function withDaemon(
  fn: (d: TimerDaemon, pipeFn: string, ran: Ran[]) => Promise<void>,
  options: { idleMs?: number; run?: (a: string) => Promise<void> } = {},
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "nut-sched-" });
  const pipeFn = join(dir, "upssched.pipe");
  const ran: Ran[] = [];
  const daemon = new TimerDaemon({
    pipeFn,
    log: quiet(),
    idleMs: options.idleMs ?? 60_000,
    run: async (argument, env) => {
      ran.push({ argument, env });
      await options.run?.(argument);
    },
  });
  await daemon.listen();
  try {
    await fn(daemon, pipeFn, ran);
  } finally {
    await daemon.stop();
    await Deno.remove(dir, { recursive: true });
  }
}

async function ask(pipeFn: string, line: string): Promise<string[] | undefined> {
  const c = await connectDaemon(pipeFn);
  assert(c, "daemon listens");
  try {
    return await c.exchange(line, 5000);
  } finally {
    c.close();
  }
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

Deno.test("TimerDaemon listens on PIPEFN with mode 0660 and answers OK / ERR UNKNOWN", async () => {
  await withDaemon(async (_d, pipeFn) => {
    const st = await Deno.stat(pipeFn);
    assert(st.isSocket);
    assertEquals((st.mode ?? 0) & 0o777, 0o660);
    assertEquals(await ask(pipeFn, 'START "t" "60"'), ["OK"]);
    assertEquals(await ask(pipeFn, "FROB x"), ["ERR UNKNOWN"]);
    assertEquals(await ask(pipeFn, 'START "only-a-name"'), ["ERR UNKNOWN"]);
  });
});

Deno.test("TimerDaemon refuses to replace a daemon that still answers on PIPEFN", async () => {
  await withDaemon(async (_d, pipeFn) => {
    const second = new TimerDaemon({ pipeFn, log: quiet(), run: () => Promise.resolve() });
    let refused = "";
    await second.listen().catch((e) => refused = e.message);
    assertEquals(refused, `another timer daemon listens on ${pipeFn}`);
    assertEquals(await ask(pipeFn, 'START "t" "60"'), ["OK"]);
  });
});

Deno.test("TimerDaemon fires a due timer with the event's environment, and a cancelled one never", async () => {
  await withDaemon(async (d, pipeFn, ran) => {
    assertEquals(await ask(pipeFn, 'START "keep" "0" "ONBATT" "ups1@h" "on battery"'), ["OK"]);
    assertEquals(await ask(pipeFn, 'START "drop" "30" "ONBATT" "ups1@h" ""'), ["OK"]);
    await until(() => ran.length === 1, "the due timer");
    assertEquals(ran[0], {
      argument: "keep",
      env: { UPSNAME: "ups1@h", NOTIFYTYPE: "ONBATT", NOTIFYMSG: "on battery" },
    });
    assertEquals(d.timers.map((t) => t.name), ["drop"]);
    assertEquals(await ask(pipeFn, 'CANCEL "drop" "" "ONLINE" "ups1@h" ""'), ["OK"]);
    assertEquals(d.timers.length, 0);
    assertEquals(ran.length, 1);
  });
});

Deno.test("TimerDaemon runs CANCEL's command when no timer of that name runs, before answering", async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => release = r);
  await withDaemon(async (_d, pipeFn, ran) => {
    const answer = ask(pipeFn, 'CANCEL "onbatt" "backon" "ONLINE" "ups1@h" "power back"');
    await until(() => ran.length === 1, "the cancel command");
    let answered = false;
    void answer.then(() => answered = true);
    await new Promise((r) => setTimeout(r, 50));
    assertEquals(answered, false, "the answer waits for the command");
    release();
    assertEquals(await answer, ["OK"]);
    assertEquals(ran[0], {
      argument: "backon",
      env: { UPSNAME: "ups1@h", NOTIFYTYPE: "ONLINE", NOTIFYMSG: "power back" },
    });
  }, { run: () => gate });
});

Deno.test("TimerDaemon answers requests while a script runs, and runs scripts one at a time", async () => {
  const gates: (() => void)[] = [];
  let running = 0;
  let most = 0;
  await withDaemon(async (_d, pipeFn, ran) => {
    await ask(pipeFn, 'START "a" "0"');
    await ask(pipeFn, 'START "b" "0"');
    await until(() => ran.length === 1, "first script");
    assertEquals(await ask(pipeFn, 'START "c" "60"'), ["OK"]);
    gates.shift()!();
    await until(() => ran.length === 2, "second script");
    gates.shift()!();
    assertEquals(ran.map((r) => r.argument), ["a", "b"]);
    assertEquals(most, 1);
  }, {
    run: async () => {
      running++;
      most = Math.max(most, running);
      await new Promise<void>((r) => gates.push(r));
      running--;
    },
  });
});

Deno.test("TimerDaemon lists its timers for upssched -l", async () => {
  await withDaemon(async (_d, pipeFn) => {
    await ask(pipeFn, 'START "t1" "100" "ONBATT" "ups1" "msg"');
    const r = await ask(pipeFn, "LIST-TIMERS");
    assert(r);
    assertEquals([r[0], r.at(-2), r.at(-1)], ["BEGIN LIST TIMERS", "END LIST TIMERS", "OK"]);
    const fields = r[1].split("\t");
    assertEquals([fields[0], fields[3], fields[4], fields[5]], ["t1", "ONBATT", "ups1", "msg"]);
  });
});

Deno.test("TimerDaemon ends after the idle delay once no timer runs, removing PIPEFN", async () => {
  await withDaemon(async (d, pipeFn, ran) => {
    await ask(pipeFn, 'START "t" "0"');
    await d.done;
    assertEquals(ran.length, 1);
    let exists = true;
    await Deno.stat(pipeFn).catch(() => exists = false);
    assertEquals(exists, false);
  }, { idleMs: 100 });
});

Deno.test("TimerDaemon survives garbage, overlong lines and abrupt clients", async () => {
  await withDaemon(async (_d, pipeFn) => {
    await new Promise<void>((resolve) => {
      const s = net.createConnection({ path: pipeFn }, () => {
        s.write('\x00\xff"unterminated\n' + "x".repeat(10_000) + "\n");
        s.destroy();
        resolve();
      });
    });
    assertEquals(await ask(pipeFn, 'START "after" "60"'), ["OK"]);
  });
});
