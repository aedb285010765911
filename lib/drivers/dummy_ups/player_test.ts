import { assertEquals, assertRejects } from "../../testing/asserts.ts";
import { join } from "node:path";
import { DriverState } from "../../driver/driver_state.ts";
import { silentLogger } from "../../log.ts";
import { DummyStatus } from "./dummy_state.ts";
import { DevPlayer } from "./player.ts";

async function setup(text: string, mode: "once" | "loop") {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "x.seq");
  await Deno.writeTextFile(path, text);
  const state = new DriverState();
  let now = 1_000_000;
  const wakes: number[] = [];
  const player = new DevPlayer({
    path,
    mode,
    state,
    status: new DummyStatus(false),
    log: silentLogger(),
    wakeAt: (ms) => wakes.push(ms),
    now: () => now,
  });
  return {
    dir,
    path,
    state,
    player,
    wakes,
    advance: (ms: number) => now += ms,
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}

Deno.test("DevPlayer pauses at TIMER, asks to be woken, and resumes where it stopped", async () => {
  await using t = await setup(
    "ups.status: OL\nTIMER 10\nups.status: OB\nTIMER 10\nups.status: OB LB\n",
    "loop",
  );
  await t.player.step();
  assertEquals(t.state.getValue("ups.status"), "OL");
  assertEquals(t.wakes, [1_010_000]);
  t.advance(5000);
  await t.player.step();
  assertEquals(t.state.getValue("ups.status"), "OL");
  t.advance(5000);
  await t.player.step();
  assertEquals(t.state.getValue("ups.status"), "OB");
  t.advance(10_000);
  await t.player.step();
  assertEquals(t.state.getValue("ups.status"), "OB LB");
  // Loop mode starts over at the next step.
  await t.player.step();
  assertEquals(t.state.getValue("ups.status"), "OL");
});

Deno.test("DevPlayer in once mode keeps SET values until the file changes", async () => {
  await using t = await setup("ups.id: first\n", "once");
  await t.player.step();
  t.state.setInfo("ups.id", "set by client");
  await t.player.step();
  assertEquals(t.state.getValue("ups.id"), "set by client");
  await Deno.writeTextFile(t.path, "ups.id: second\n");
  await Deno.utime(t.path, new Date(), new Date(Date.now() + 5000));
  await t.player.step();
  assertEquals(t.state.getValue("ups.id"), "second");
});

Deno.test("DevPlayer raises and clears alarms from ALARM lines", async () => {
  await using t = await setup("ups.status: OL\nALARM [Too warm]\nALARM [Overload]\nTIMER 1\nALARM\n", "once");
  await t.player.step();
  assertEquals([t.state.getValue("ups.status"), t.state.getValue("ups.alarm")], [
    "ALARM OL",
    "[Too warm] [Overload]",
  ]);
  t.advance(1000);
  await t.player.step();
  assertEquals([t.state.getValue("ups.status"), t.state.getValue("ups.alarm")], ["OL", undefined]);
});

Deno.test("DevPlayer fails clearly when the file is gone, and recovers when it is back", async () => {
  await using t = await setup("ups.id: a\n", "loop");
  await t.player.step();
  await Deno.rename(t.path, t.path + ".away");
  await assertRejects(() => t.player.step(), Deno.errors.NotFound);
  await Deno.rename(t.path + ".away", t.path);
  await t.player.step();
  assertEquals(t.state.getValue("ups.id"), "a");
});
