/**
 * Helpers of the server tests: a NUT configuration in a temporary directory, NUT 2.8.0's upsd and
 * dummy-ups (copied under private names, so that nothing stopping programs by name interferes) and our
 * upsd on free ports, and a line client that sends scripted requests and collects each reply.
 * @module
 */
import net from "node:net";
import type { Buffer } from "node:buffer";
import { join } from "node:path";
import { freePort, NUT_SBIN, Proc, spawnNut, type TempDir, tempDir, waitFor } from "./helpers.ts";

/**
 * `-u root` when the tests run as root (NUT's programs refuse root without it; our programs would drop
 * to "nut"), nothing otherwise.
 */
export const AS_ROOT: readonly string[] = Deno.uid() === 0 ? ["-u", "root"] : [];

/** A request sent after each scripted request: its reply marks the end of the previous reply. */
export const SENTINEL = "GET VAR __sentinel__ server.version";
const SENTINEL_REPLY = 'VAR __sentinel__ server.version "2.8.0"';

/** A connection that reads lines. */
export class LineClient implements AsyncDisposable {
  #sock: net.Socket;
  #buf = "";
  #lines: string[] = [];
  #waiters: (() => void)[] = [];
  #ended = false;

  private constructor(sock: net.Socket) {
    this.#sock = sock;
    sock.on("data", (d: Buffer) => {
      this.#buf += d.toString("latin1");
      let i;
      while ((i = this.#buf.indexOf("\n")) >= 0) {
        this.#lines.push(this.#buf.slice(0, i));
        this.#buf = this.#buf.slice(i + 1);
      }
      this.#wake();
    });
    sock.on("error", () => {});
    sock.on("close", () => {
      this.#ended = true;
      this.#wake();
    });
  }

  #wake(): void {
    const w = this.#waiters;
    this.#waiters = [];
    for (const f of w) f();
  }

  /**
   * Connects to a server.
   * @param port TCP port on 127.0.0.1
   * @returns the client
   */
  static connect(port: number): Promise<LineClient> {
    return new Promise((resolve, reject) => {
      const sock = net.createConnection({ port, host: "127.0.0.1" });
      sock.once("connect", () => resolve(new LineClient(sock)));
      sock.once("error", reject);
    });
  }

  /** The socket. */
  get socket(): net.Socket {
    return this.#sock;
  }

  /** True once the server closed the connection. */
  get ended(): boolean {
    return this.#ended;
  }

  /**
   * Sends raw text.
   * @param text bytes as latin1 text
   */
  write(text: string): void {
    this.#sock.write(text, "latin1");
  }

  /**
   * Reads one line.
   * @param timeoutMs limit
   * @returns the line, or undefined on EOF or timeout
   */
  async readLine(timeoutMs = 5000): Promise<string | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (this.#lines.length === 0) {
      if (this.#ended) return undefined;
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.#waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
    return this.#lines.shift();
  }

  /**
   * Sends one request (raw line) followed by the sentinel, and returns the reply lines of the request.
   * "<EOF>" ends the list when the server closed the connection, "<TIMEOUT>" when nothing came.
   * @param request the request line (raw: quotes and escapes as written)
   * @param timeoutMs limit
   * @returns the reply lines
   */
  async exchange(request: string, timeoutMs = 5000): Promise<string[]> {
    // LOGOUT goes alone: NUT closes the connection only if no other line follows in the same read.
    const logout = request.trim().toUpperCase() === "LOGOUT";
    this.write(logout ? `${request}\n` : `${request}\n${SENTINEL}\n`);
    const out: string[] = [];
    for (;;) {
      const line = await this.readLine(timeoutMs);
      if (line === undefined) {
        out.push(this.#ended ? "<EOF>" : "<TIMEOUT>");
        return out;
      }
      if (line === SENTINEL_REPLY) return out;
      out.push(line);
    }
  }

  /** Closes the connection. */
  close(): void {
    this.#sock.destroy();
  }

  /** @inheritdoc */
  [Symbol.asyncDispose](): Promise<void> {
    this.close();
    return Promise.resolve();
  }
}

/**
 * Runs a script of requests on a new connection and returns every reply. `$1`, `$2`, ... in a request
 * stand for the 1st, 2nd, ... TRACKING id this connection received; ids are replaced by `<ID1>`, ... in
 * the replies so that two servers' transcripts compare. A request written `?GET TRACKING $1` is repeated
 * while the answer is PENDING (the driver answers asynchronously), up to 5 s.
 * @param port the server's port
 * @param script request lines
 * @returns one entry per request: the request and its reply lines
 */
export async function runScript(port: number, script: readonly string[]): Promise<string[]> {
  await using c = await LineClient.connect(port);
  const ids: string[] = [];
  const out: string[] = [];
  for (const raw of script) {
    const retry = raw.startsWith("?");
    const request = (retry ? raw.slice(1) : raw).replace(/\$(\d+)/g, (_, n) => ids[Number(n) - 1] ?? `$${n}`);
    let reply = await c.exchange(request);
    const deadline = Date.now() + 5000;
    while (retry && reply[0] === "PENDING" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
      reply = await c.exchange(request);
    }
    const shown = reply.map((l) =>
      l.replace(/[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}/g, (id) => {
        let i = ids.indexOf(id);
        if (i < 0) i = ids.push(id) - 1;
        return `<ID${i + 1}>`;
      })
    );
    out.push(`>> ${raw}`, ...shown);
    if (reply.at(-1) === "<EOF>") break;
  }
  return out;
}

/** A configuration directory plus a state directory. */
export interface NutSetup extends AsyncDisposable {
  /** The temporary directory holding everything. */
  dir: TempDir;
  /** Config directory (ups.conf, upsd.users; upsd.conf per server). */
  confPath: string;
  /** State directory (sockets). */
  statePath: string;
  /** Directory of the private copies of NUT's programs. */
  binPath: string;
  /** Environment for a program using this setup. */
  env(confPath?: string): Record<string, string>;
  /**
   * Writes a config directory for one server: the shared ups.conf and upsd.users, and its upsd.conf.
   * @param name subdirectory name
   * @param upsdConf upsd.conf text
   * @returns the directory
   */
  serverConf(name: string, upsdConf: string): Promise<string>;
}

/** The users every server test uses. */
export const TEST_USERS = `
[admin]
 password = secret
 actions = SET FSD
 instcmds = ALL
[mon]
 password = pw
 upsmon primary
[sec]
 password = pw
 upsmon secondary
[cmd]
 password = "p w"
 instcmds = test.battery.start beeper.toggle
[setter]
 password = pw
 actions = set
[nopw]
 actions = SET
`;

/**
 * Creates a temporary NUT setup: ups.conf and upsd.users as given, empty state directory.
 * @param upsConf ups.conf text
 * @param users upsd.users text
 * @returns the setup
 */
export async function nutSetup(upsConf: string, users: string = TEST_USERS): Promise<NutSetup> {
  const dir = await tempDir("nut-server-");
  const confPath = join(dir.path, "etc");
  const statePath = join(dir.path, "state");
  const binPath = join(dir.path, "bin");
  for (const d of [confPath, statePath, binPath]) {
    await Deno.mkdir(d);
    await Deno.chmod(d, 0o777);
  }
  await Deno.writeTextFile(join(confPath, "ups.conf"), upsConf);
  await Deno.writeTextFile(join(confPath, "upsd.users"), users);
  const setup: NutSetup = {
    dir,
    confPath,
    statePath,
    binPath,
    env: (c = confPath) => ({ NUT_CONFPATH: c, NUT_STATEPATH: statePath, NUT_ALTPIDPATH: statePath }),
    async serverConf(name, upsdConf) {
      const d = join(dir.path, name);
      await Deno.mkdir(d, { recursive: true });
      for (const f of ["ups.conf", "upsd.users"]) await Deno.copyFile(join(confPath, f), join(d, f));
      await Deno.writeTextFile(join(d, "upsd.conf"), upsdConf);
      for (const f of ["ups.conf", "upsd.users", "upsd.conf"]) await Deno.chmod(join(d, f), 0o644);
      return d;
    },
    async [Symbol.asyncDispose]() {
      await dir[Symbol.asyncDispose]();
    },
  };
  return setup;
}

/**
 * Copies one of NUT's programs into the setup under a private name.
 * @param setup the setup
 * @param program e.g. "upsd", "dummy-ups"
 * @param as the private name
 * @returns the copy's path
 */
export async function copyNutProgram(setup: NutSetup, program: string, as: string): Promise<string> {
  const p = join(setup.binPath, as);
  await Deno.copyFile(join(NUT_SBIN, program), p);
  await Deno.chmod(p, 0o755);
  return p;
}

/** A running server and its port. */
export interface RunningServer extends AsyncDisposable {
  /** The process. */
  proc: Proc;
  /** The port on 127.0.0.1. */
  port: number;
}

/**
 * Starts NUT 2.8.0's upsd (a private copy) in the foreground on a free port.
 * @param setup the setup
 * @param upsdConf extra upsd.conf lines (LISTEN is added)
 * @returns the server
 */
export async function startNutUpsd(setup: NutSetup, upsdConf = ""): Promise<RunningServer> {
  const port = await freePort();
  const conf = await setup.serverConf("nut-upsd", `LISTEN 127.0.0.1 ${port}\n${upsdConf}`);
  const bin = await copyNutProgram(setup, "upsd", "refupsd");
  const proc = new Proc(bin, ["-F", "-u", "root"], { env: setup.env(conf) });
  await proc.waitForOutput(/listening on 127\.0\.0\.1 port/);
  return { proc, port, [Symbol.asyncDispose]: async () => void await proc.stop() };
}

/**
 * Starts our upsd in the foreground on a free port.
 * @param setup the setup
 * @param upsdConf extra upsd.conf lines (LISTEN is added)
 * @param args extra arguments
 * @param env extra environment
 * @returns the server
 */
export async function startOurUpsd(
  setup: NutSetup,
  upsdConf = "",
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<RunningServer> {
  const port = await freePort();
  const conf = await setup.serverConf("our-upsd", `LISTEN 127.0.0.1 ${port}\n${upsdConf}`);
  const proc = spawnNut("upsd", ["-F", ...AS_ROOT, ...args], { env: { ...setup.env(conf), ...env } });
  await proc.waitForOutput(/listening on 127\.0\.0\.1 port/, 20_000);
  return { proc, port, [Symbol.asyncDispose]: async () => void await proc.stop() };
}

/**
 * Waits for a driver's socket in the setup's state path; on failure the driver is stopped and its error
 * output is part of the error.
 * @param setup the setup
 * @param socket the socket's name (`<driver>-<ups>`)
 * @param proc the driver
 * @returns the driver
 */
async function driverReady(setup: NutSetup, socket: string, proc: Proc): Promise<Proc> {
  try {
    await waitFor(
      () => Deno.stat(join(setup.statePath, socket)).then((s) => s.isSocket, () => false),
      `socket ${socket}`,
      20_000,
    );
  } catch (e) {
    await proc.stop();
    throw new Error(`${(e as Error).message}\n${proc.stderr}`);
  }
  return proc;
}

/**
 * Starts NUT's dummy-ups (a private copy named "refdummy") for a UPS of the setup.
 * @param setup the setup
 * @param ups the UPS section name (its driver must be "refdummy")
 * @returns the process, once its socket exists
 */
export async function startNutDummy(setup: NutSetup, ups: string): Promise<Proc> {
  const bin = join(setup.binPath, "refdummy");
  try {
    await Deno.stat(bin);
  } catch {
    await copyNutProgram(setup, "dummy-ups", "refdummy");
  }
  return await driverReady(
    setup,
    `refdummy-${ups}`,
    new Proc(bin, ["-a", ups, "-u", "root", "-F"], { env: setup.env() }),
  );
}

/**
 * Starts our dummy-ups for a UPS of the setup (its driver must be "dummy-ups").
 * @param setup the setup
 * @param ups the UPS section name
 * @returns the process, once its socket exists
 */
export async function startOurDummy(setup: NutSetup, ups: string): Promise<Proc> {
  return await driverReady(
    setup,
    `dummy-ups-${ups}`,
    spawnNut("dummy-ups", ["-a", ups, ...AS_ROOT, "-F"], { env: setup.env() }),
  );
}

/**
 * Waits until a server serves a UPS's data (no longer DRIVER-NOT-CONNECTED, DATA-STALE or WAIT).
 * @param port the server's port
 * @param ups the UPS name
 * @param timeoutMs limit
 */
export async function waitServing(port: number, ups: string, timeoutMs = 15_000): Promise<void> {
  await using c = await LineClient.connect(port);
  await waitFor(
    async () => {
      const r = await c.exchange(`GET VAR ${ups} ups.status`);
      return r.length === 1 && r[0].startsWith("VAR ") && !r[0].endsWith('"WAIT"');
    },
    `server on port ${port} serving ${ups}`,
    timeoutMs,
  );
}
