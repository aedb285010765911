import { assertEquals } from "../../testing/asserts.ts";
import { LOAD_SWITCH_COMMANDS, LoadSwitch } from "./load_switch.ts";

const D = { shutdown: 20, start: 30 };
const S = 1000;

Deno.test({
  name: "LoadSwitch: shutdown.return cuts the load after ups.delay.shutdown and restores it after the power",
  permissions: "none",
  fn() {
    const s = new LoadSwitch();
    assertEquals(s.command("shutdown.return", undefined, 0, D), true);
    assertEquals(s.nextChange(), 20 * S);
    assertEquals(s.tick(10 * S, false), { loadOn: true, timerShutdown: 10, timerStart: -1 });
    assertEquals(s.tick(20 * S, false), { loadOn: false, timerShutdown: -1, timerStart: -1 });
    assertEquals(s.tick(100 * S, false).loadOn, false, "no power: stays off");
    assertEquals(s.tick(110 * S, true), { loadOn: false, timerShutdown: -1, timerStart: 30 });
    assertEquals(s.tick(120 * S, false).timerStart, -1, "the power went again: the count starts over");
    s.tick(130 * S, true);
    assertEquals(s.tick(159 * S, true).loadOn, false);
    assertEquals(s.tick(160 * S, true), { loadOn: true, timerShutdown: -1, timerStart: -1 });
  },
});

Deno.test({
  name: "LoadSwitch: the power race: power back before the cut, the load is cycled anyway",
  permissions: "none",
  fn() {
    const s = new LoadSwitch();
    s.command("shutdown.return", undefined, 0, D);
    assertEquals(s.tick(5 * S, true).loadOn, true);
    assertEquals(s.tick(20 * S, true).loadOn, false);
    assertEquals(s.nextChange(), 50 * S);
    assertEquals(s.tick(50 * S, true).loadOn, true);
  },
});

Deno.test({
  name: "LoadSwitch: shutdown.stayoff stays off; shutdown.stop cancels; load.on brings it back",
  permissions: "none",
  fn() {
    const s = new LoadSwitch();
    s.command("shutdown.stayoff", undefined, 0, D);
    s.tick(20 * S, true);
    assertEquals(s.tick(1000 * S, true).loadOn, false);
    s.command("load.on", undefined, 1000 * S, D);
    assertEquals(s.loadOn, true);
    s.command("shutdown.return", undefined, 1000 * S, D);
    s.command("shutdown.stop", undefined, 1010 * S, D);
    assertEquals(s.tick(1100 * S, false), { loadOn: true, timerShutdown: -1, timerStart: -1 });
    assertEquals(s.nextChange(), undefined);
  },
});

Deno.test({
  name: "LoadSwitch: load.off/on at once, the .delay forms with a parameter or the ups.delay.* values",
  permissions: "none",
  fn() {
    const s = new LoadSwitch();
    s.command("load.off", undefined, 0, D);
    assertEquals(s.tick(0, true).loadOn, false);
    s.command("load.on.delay", "5", 0, D);
    assertEquals(s.tick(4 * S, true), { loadOn: false, timerShutdown: -1, timerStart: 1 });
    assertEquals(s.tick(5 * S, true).loadOn, true);
    s.command("load.off.delay", undefined, 10 * S, D);
    assertEquals(s.tick(29 * S, true).loadOn, true);
    assertEquals(s.tick(30 * S, true).loadOn, false);
    s.command("shutdown.reboot", undefined, 40 * S, D);
    assertEquals(s.tick(69 * S, false).loadOn, false);
    assertEquals(s.tick(70 * S, false).loadOn, true);
    assertEquals(s.command("load.off.delay", "soon", 0, D), false, "a bad parameter");
    assertEquals(s.command("beeper.on", undefined, 0, D), false);
    assertEquals(LOAD_SWITCH_COMMANDS.length, 8);
  },
});
