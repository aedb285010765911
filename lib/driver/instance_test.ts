import { assert, assertEquals, assertRejects } from "../testing/asserts.ts";
import { Logger } from "../log.ts";
import { ManualClock } from "../os/clock.ts";
import { TransportError } from "../transport/error.ts";
import type { UsbHidBus } from "../transport/usb.ts";
import { buildInstanceConfig } from "./instance_config.ts";
import { type RunningDriver, startDriverInstance } from "./instance.ts";
import type { DriverContext, DriverProgram } from "./types.ts";

/** A program whose polls follow a script: each call takes the next outcome ("ok" or an error). */
function scripted(outcomes: (string | Error)[], extra: Partial<DriverProgram> = {}) {
  const polls: number[] = [];
  const seen: { ctx?: DriverContext } = {};
  const program: DriverProgram = {
    name: "scripted",
    description: "test driver",
    version: "0.1",
    vars: [],
    ...extra,
    create(ctx) {
      seen.ctx = ctx;
      return {
        initUps() {},
        initInfo() {
          ctx.state.setInfo("ups.status", "OL");
        },
        updateInfo() {
          polls.push(ctx.clock.now());
          const next = outcomes.shift() ?? "ok";
          if (next instanceof Error) throw next;
        },
        shutdown() {},
      };
    },
  };
  return { program, polls, seen };
}

async function start(program: DriverProgram, clock: ManualClock, extra = {}): Promise<RunningDriver> {
  const dir = await Deno.makeTempDir({ prefix: "nut-instance-" });
  const config = buildInstanceConfig({
    program,
    upsName: "u",
    extra: [{ key: "port", value: "x", origin: "-x" }],
  });
  return await startDriverInstance({
    program,
    config,
    statePath: dir,
    confPath: dir,
    takeOver: false,
    clock,
    log: new Logger({ sink: () => {}, timestamps: false }),
    ...extra,
  });
}

Deno.test({
  name: "driver instance: polls every pollinterval on the instance's clock, which the driver reads too",
  async fn() {
    const clock = new ManualClock(1_000_000);
    const { program, polls, seen } = scripted([]);
    await using drv = await start(program, clock);
    assertEquals(polls, [1_000_000], "the first poll is part of start-up");
    await clock.advance(6_000);
    assertEquals(polls, [1_000_000, 1_002_000, 1_004_000, 1_006_000]);
    assertEquals(seen.ctx?.clock, clock);
    assertEquals(drv.state.stale, false);
  },
});

Deno.test({
  name:
    "driver instance: a device that is gone is stale at once and retried after 0.5, 1, 2 s; back, it is fresh and polled as before",
  async fn() {
    const clock = new ManualClock(0);
    const gone = () => new TransportError("DISCONNECTED", "device unplugged");
    const { program, polls } = scripted(["ok", gone(), gone(), gone(), "ok"], { staleAfterFailures: 3 });
    await using drv = await start(program, clock);
    await clock.advance(2_000); // the regular poll fails: stale at once despite staleAfterFailures 3
    assertEquals(drv.state.stale, true);
    await clock.advance(500 + 1_000 + 2_000); // the retries: 2.5 s (fails), 3.5 s (fails), 5.5 s (ok)
    assertEquals(polls, [0, 2_000, 2_500, 3_500, 5_500]);
    assertEquals(drv.state.stale, false);
    await clock.advance(2_000);
    assertEquals(polls.at(-1), 7_500, "back to pollinterval");
  },
});

Deno.test({
  name:
    "driver instance: other failures go stale after the program's count; retries stop growing at pollinterval",
  async fn() {
    const clock = new ManualClock(0);
    const timeout = () => new TransportError("TIMEOUT", "no answer");
    const { program, polls } = scripted(["ok", timeout(), timeout(), timeout(), timeout()], {
      staleAfterFailures: 3,
    });
    const config = buildInstanceConfig({
      program,
      upsName: "u",
      extra: [{ key: "port", value: "x", origin: "-x" }, { key: "pollinterval", value: "1", origin: "-x" }],
    });
    const dir = await Deno.makeTempDir({ prefix: "nut-instance-" });
    await using drv = await startDriverInstance({
      program,
      config,
      statePath: dir,
      confPath: dir,
      takeOver: false,
      clock,
      log: new Logger({ sink: () => {}, timestamps: false }),
    });
    // Polls: 0 ok, 1 s fails, retried at 1.5 s, then at most pollinterval apart; the third failure
    // (2.5 s) makes the data stale; the fifth poll is fine again.
    await clock.advance(1_500);
    assertEquals(drv.state.stale, false);
    await clock.advance(1_000);
    assertEquals(drv.state.stale, true);
    await clock.advance(2_000);
    assertEquals(polls, [0, 1_000, 1_500, 2_500, 3_500, 4_500]);
    assertEquals(drv.state.stale, false);
  },
});

Deno.test({
  name:
    "driver instance: a program gets the transports it declares from the provider, and fails to start without one",
  async fn() {
    const clock = new ManualClock(0);
    const bus: UsbHidBus = { list: () => Promise.resolve([]), open: () => Promise.reject(new Error("none")) };
    const { program, seen } = scripted([], { transports: ["usb-hid"] });
    await using _drv = await start(program, clock, { transports: { usbHid: () => bus } });
    assert(seen.ctx?.transports.usbHid === bus);
    const other = scripted([], { transports: ["usb-hid"] });
    await assertRejects(() => start(other.program, clock), Error, "no usb-hid transport is available here");
  },
});

Deno.test({
  name:
    "driver instance: driver.state follows NUT's lifecycle words (init, quiet, reconnect.trying, reconnect.updateinfo, cleanup) and driver.lastupdate the last good poll",
  async fn() {
    const clock = new ManualClock(1_700_000_000_000);
    const gone = () => new TransportError("DISCONNECTED", "device unplugged");
    const reopen: (string | Error)[] = [gone(), "ok"];
    const states: string[] = [];
    const { program } = scripted(["ok", gone(), gone(), "ok"]);
    const withReconnect: DriverProgram = {
      ...program,
      create(ctx) {
        const d = program.create(ctx);
        return {
          ...d,
          reconnect() {
            const next = reopen.shift() ?? "ok";
            if (next instanceof Error) throw next;
          },
        };
      },
    };
    const drv = await start(withReconnect, clock);
    drv.state.subscribe((c) => {
      if (c.kind === "SETINFO" && c.name === "driver.state") states.push(c.value);
    });
    assertEquals(drv.state.getValue("driver.state"), "quiet");
    assertEquals(drv.state.getValue("driver.lastupdate"), "1700000000");
    await clock.advance(2_000); // fails, the reopen fails: trying
    assertEquals([drv.state.getValue("driver.state"), drv.state.stale], ["reconnect.trying", true]);
    assertEquals(drv.state.getValue("driver.lastupdate"), "1700000000", "the age of the data shows");
    await clock.advance(500); // fails, reopens, polls again at once: fresh
    assertEquals([drv.state.getValue("driver.state"), drv.state.stale], ["quiet", false]);
    assertEquals(drv.state.getValue("driver.lastupdate"), "1700000002");
    await drv.stop();
    assertEquals(states, [
      "reconnect.trying",
      "reconnect.updateinfo",
      "quiet",
      "cleanup.upsdrv",
    ]);
  },
});

Deno.test({
  name: "driver instance: a program that opts out (dummy-ups) has neither driver.state nor driver.lastupdate",
  async fn() {
    const clock = new ManualClock(0);
    const { program } = scripted([], { reportsLifecycle: false });
    await using drv = await start(program, clock);
    await clock.advance(2_000);
    assertEquals([drv.state.getValue("driver.state"), drv.state.getValue("driver.lastupdate")], [
      undefined,
      undefined,
    ]);
  },
});
