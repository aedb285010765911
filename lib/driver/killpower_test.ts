import { assertEquals, assertRejects } from "../testing/asserts.ts";
import { silentLogger } from "../log.ts";
import { HANDLER_STATUS, type HandlerStatus } from "../sock/messages.ts";
import { runShutdownCommands } from "./killpower.ts";
import type { Driver } from "./types.ts";

function driver(handles: Record<string, HandlerStatus>, shutdown?: () => void): Driver & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    initUps() {},
    initInfo() {},
    updateInfo() {},
    shutdown() {
      calls.push("shutdown.default");
      if (!shutdown) throw new Error("shutdown not supported");
      shutdown();
    },
    instCmd(name) {
      calls.push(name);
      return handles[name] ?? HANDLER_STATUS.UNKNOWN;
    },
  };
}

const signal = new AbortController().signal;

Deno.test({
  name: "runShutdownCommands() tries sdcommands in order until one is handled",
  permissions: "none",
  async fn() {
    const d = driver({ "shutdown.stayoff": HANDLER_STATUS.HANDLED });
    const used = await runShutdownCommands(
      d,
      ["shutdown.return", "shutdown.stayoff", "load.off"],
      signal,
      silentLogger(),
    );
    assertEquals([used, d.calls], ["shutdown.stayoff", ["shutdown.return", "shutdown.stayoff"]]);
  },
});

Deno.test({
  name: "runShutdownCommands() defaults to the driver's own shutdown, and reports a driver without one",
  permissions: "none",
  async fn() {
    const ok = driver({}, () => {});
    assertEquals(await runShutdownCommands(ok, undefined, signal, silentLogger()), "shutdown.default");
    await assertRejects(
      () => runShutdownCommands(driver({}), undefined, signal, silentLogger()),
      Error,
      "shutdown not supported",
    );
    await assertRejects(
      () => runShutdownCommands(driver({}), ["load.off"], signal, silentLogger()),
      Error,
      "shutdown request(s) failed",
    );
  },
});
