import { assert, assertEquals, assertRejects } from "../lib/testing/asserts.ts";
import { TransportError } from "../lib/transport/error.ts";
import { AnswerReader } from "../lib/transport/read_until.ts";
import { Pty } from "../tests/rigs/pty.ts";
import { modemLinesLibrary, modemOutputs, setModemInputs } from "../tests/rigs/modem_lines.ts";
import { TERMIOS_SYMBOLS, TermiosSerialBus } from "./termios.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

async function withBus<T>(f: (bus: TermiosSerialBus, dir: string) => Promise<T>, modem?: string): Promise<T> {
  const dir = await Deno.makeTempDir();
  using bus = new TermiosSerialBus({ lockDir: dir, modemIoctlLibrary: modem });
  try {
    return await f(bus, dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("termios: a Megatec exchange on a pty; reads wait without blocking the event loop", async () => {
  await using pty = new Pty();
  await withBus(async (bus) => {
    await using port = await bus.open(pty.path, { baud: 2400 });
    await port.flush("both");
    await port.write(enc("Q1\r"), 1000);
    assertEquals(await pty.readUntilText("\r", 1000), "Q1\r");
    // Nothing yet: the read waits its limit while timers keep running.
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const t0 = performance.now();
    assertEquals((await port.read(64, 200)).length, 0);
    clearInterval(timer);
    assert(performance.now() - t0 >= 190, "the read waited");
    assert(ticks >= 10, `timers ran during the read (${ticks})`);
    const answers = new AnswerReader(port);
    setTimeout(() => pty.write("(229.0 140.0 229.0 006 50.0 13.6 25.0 00001001\r"), 50);
    assertEquals(
      dec(await answers.readUntil(0x0d, 128, 1000)),
      "(229.0 140.0 229.0 006 50.0 13.6 25.0 00001001\r",
    );
    // 8-bit bytes come through untouched (raw mode: no CR/LF mapping, no parity stripping).
    pty.write(new Uint8Array([0x00, 0x0a, 0x0d, 0x7f, 0xff]));
    assertEquals(await answers.readExactly(5, 1000), new Uint8Array([0x00, 0x0a, 0x0d, 0x7f, 0xff]));
    await port.configure({ baud: 9600, dataBits: 7, parity: "even", stopBits: 2, flow: "xonxoff" });
    await port.configure({ baud: 115200 });
    await port.configure({ baud: 9600, hupcl: false });
    await port.sendBreak(10);
  });
});

Deno.test("termios: the settings reach the tty (read back with tcgetattr): speed, framing, HUPCL", async () => {
  await using pty = new Pty();
  await withBus(async (bus) => {
    const libc = Deno.dlopen("libc.so.6", {
      open: { parameters: ["buffer", "i32"], result: "i32" },
      close: { parameters: ["i32"], result: "i32" },
      tcgetattr: { parameters: ["i32", "buffer"], result: "i32" },
      cfgetospeed: { parameters: ["buffer"], result: "u32" },
    });
    const cflag = () => {
      const fd = libc.symbols.open(new TextEncoder().encode(pty.path + "\0"), 0o2 | 0o400 | 0o4000);
      const t = new Uint8Array(64);
      assertEquals(libc.symbols.tcgetattr(fd, t), 0);
      libc.symbols.close(fd);
      return { cflag: new DataView(t.buffer).getUint32(8, true), speed: libc.symbols.cfgetospeed(t) };
    };
    await using port = await bus.open(pty.path, { baud: 2400 }, { exclusive: false });
    const a = cflag();
    assertEquals([a.speed, a.cflag & 0o60, a.cflag & 0o2000], [0o13, 0o60, 0o2000]); // B2400, CS8, HUPCL
    await port.configure({ baud: 9600, dataBits: 7, parity: "odd", stopBits: 2, hupcl: false });
    const b = cflag();
    // B9600, CSTOPB, PARODD, no HUPCL (a pty keeps CS8 and clears PARENB whatever is asked: Linux's
    // pty_set_termios, so data bits and parity on are not seen here)
    assertEquals([b.speed, b.cflag & 0o100, b.cflag & 0o1000, b.cflag & 0o2000], [0o15, 0o100, 0o1000, 0]);
    libc.close();
  });
});

Deno.test("termios: a port is exclusive (flock, lock file), released at close; the lock names its holder", async () => {
  await using pty = new Pty();
  await withBus(async (bus, dir) => {
    const name = `${dir}/LCK..${pty.path.split("/").at(-1)}`;
    const port = await bus.open(pty.path, { baud: 2400 });
    assertEquals(await Deno.readTextFile(name), `${String(Deno.pid).padStart(10)}\n`);
    // The same process again: the lock file is ours, flock is not.
    const again = await assertRejects(() => bus.open(pty.path, { baud: 2400 }), TransportError);
    assertEquals(again.kind, "BUSY");
    await port.close();
    await assertRejects(() => Deno.stat(name), Deno.errors.NotFound);
    // A live process's lock (pid 1) refuses; a dead one's is removed.
    await Deno.writeTextFile(name, "         1\n");
    const busy = await assertRejects(() => bus.open(pty.path, { baud: 2400 }), TransportError);
    assertEquals([busy.kind, busy.message], ["BUSY", `${pty.path} is locked by process 1 (${name})`]);
    await Deno.writeTextFile(name, "4194999\n");
    const port2 = await bus.open(pty.path, { baud: 2400 });
    await port2.close();
    const shared = await bus.open(pty.path, { baud: 2400 }, { exclusive: false });
    await shared.close();
  });
});

Deno.test("termios: errors are TransportErrors of the right kind", async () => {
  await withBus(async (bus, dir) => {
    const missing = await assertRejects(() => bus.open(`${dir}/ttyS99`, { baud: 2400 }), TransportError);
    assertEquals(missing.kind, "NOT_FOUND");
    await Deno.writeTextFile(`${dir}/plain`, "");
    const notTty = await assertRejects(
      () => bus.open(`${dir}/plain`, { baud: 2400 }, { exclusive: false }),
      TransportError,
    );
    assertEquals(notTty.kind, "IO");
    const speed = await assertRejects(() => bus.open("/dev/null", { baud: 2401 }), TransportError);
    assertEquals(speed.kind, "PROTOCOL");
    await using pty = new Pty();
    const port = await bus.open(pty.path, { baud: 2400 });
    // A pty has no modem lines (without the shim): the ioctl fails, the port stays usable.
    const lines = await assertRejects(() => port.modemLines(), TransportError);
    assertEquals(lines.kind, "IO");
    // The device side goes away: the port reads DISCONNECTED.
    await pty.close();
    const gone = await assertRejects(() => port.read(16, 500), TransportError);
    assertEquals(gone.kind, "DISCONNECTED");
    await port.close();
    await port.close();
    assertEquals((await assertRejects(() => port.read(1, 10), TransportError)).kind, "DISCONNECTED");
  });
});

Deno.test("termios: modem lines through the test hook library (ptys have none)", async (t) => {
  const lib = await modemLinesLibrary();
  if ("missing" in lib) {
    t.step({ name: `skipped: ${lib.missing}`, ignore: true, fn() {} });
    return;
  }
  await using pty = new Pty();
  const dir = await Deno.makeTempDir();
  const file = `${dir}/lines`;
  Deno.env.set("MODEMLINES", file);
  try {
    await withBus(async (bus) => {
      await using port = await bus.open(pty.path, { baud: 2400 });
      await setModemInputs(file, ["CTS", "DCD"]);
      assertEquals(await port.modemLines(), { cts: true, dsr: false, dcd: true, ri: false });
      await setModemInputs(file, ["RNG", "DSR"]);
      assertEquals(await port.modemLines(), { cts: false, dsr: true, dcd: false, ri: true });
      await port.setModemLines({ dtr: true, rts: false });
      assertEquals(await modemOutputs(file), ["DTR"]);
      await port.setModemLines({ rts: true });
      assertEquals(await modemOutputs(file), ["DTR", "RTS"]);
      await port.setModemLines({ dtr: false });
      assertEquals(await modemOutputs(file), ["RTS"]);
    }, lib.path);
  } finally {
    Deno.env.delete("MODEMLINES");
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("termios: list() finds ports with a device behind them, 8250 ports only with a UART", async () => {
  const sys = await Deno.makeTempDir();
  try {
    for (
      const [name, type] of [["ttyS0", "4"], ["ttyS1", "0"], ["ttyUSB0", undefined], ["ttyS10", "4"], [
        "tty1",
        undefined,
      ]] as const
    ) {
      await Deno.mkdir(`${sys}/${name}/device`, { recursive: true });
      if (type) await Deno.writeTextFile(`${sys}/${name}/type`, `${type}\n`);
    }
    await Deno.mkdir(`${sys}/ttyACM0`);
    using bus = new TermiosSerialBus({ sysfsTty: sys });
    assertEquals(await bus.list(), ["/dev/ttyS0", "/dev/ttyS10", "/dev/ttyUSB0"]);
  } finally {
    await Deno.remove(sys, { recursive: true });
  }
});

/**
 * The rule: no FFI call may block the event loop. What can wait is declared `nonblocking` (poll); every
 * synchronous call returns at once on a non-blocking tty descriptor. tcdrain and tcsendbreak block and
 * are not in the table (drain polls TIOCOUTQ; break is TIOCSBRK/TIOCCBRK around a timer); close() of a
 * tty waits for unsent output, so the output is flushed first. A symbol added to the table must be put
 * in one of the two lists here, which is where a reviewer decides.
 */
Deno.test("termios: the symbol table keeps the event loop free", () => {
  const waits = new Set(["poll"]);
  const instant = new Set([
    "open", // O_NONBLOCK: no wait for carrier
    "close", // after TCOFLUSH: nothing to drain
    "read", // non-blocking descriptor, VMIN 1: EAGAIN when empty
    "write", // non-blocking descriptor: EAGAIN when full
    "tcgetattr",
    "tcsetattr", // TCSANOW, not TCSADRAIN
    "cfmakeraw",
    "cfsetispeed",
    "cfsetospeed",
    "tcflush",
    "ioctl", // TIOCEXCL, TIOCOUTQ, TIOCM*, TIOCSBRK/TIOCCBRK: none sleeps
    "flock", // LOCK_NB
    "__errno_location",
  ]);
  for (const [name, def] of Object.entries(TERMIOS_SYMBOLS) as [string, { nonblocking?: boolean }][]) {
    if (waits.has(name)) assertEquals(def.nonblocking, true, `${name} can wait: it must be nonblocking`);
    else assert(instant.has(name), `${name} is new: decide whether it can wait`);
  }
  for (const banned of ["tcdrain", "tcsendbreak"]) assert(!(banned in TERMIOS_SYMBOLS), `${banned} blocks`);
});
