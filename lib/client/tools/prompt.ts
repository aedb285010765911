/**
 * Interactive input of upscmd/upsrw: lines from stdin (a username, a new value) and a password read
 * without echo from a terminal, or as a plain line when stdin is not one (as getpass() does without a
 * controlling terminal). The default username is the invoking user's, as NUT takes it from getpwuid().
 * @module
 */
import type { Output } from "../../cli/io.ts";

/** Longest line accepted from stdin (NUT reads into 512-byte buffers). */
const MAX_INPUT_LINE = 4096;

/** Where the programs read answers from; injectable for tests. */
export interface Input {
  /**
   * Reads one line.
   * @returns the line without its newline, or null at end of input
   */
  readLine(): Promise<string | null>;
  /**
   * Reads a secret: from a terminal without echo, otherwise as a line.
   * @param prompt written before reading (to stderr, where getpass() writes without a terminal)
   * @param out where the prompt goes
   * @returns the secret, or null at end of input
   */
  readSecret(prompt: string, out: Output): Promise<string | null>;
}

/** Lines from a list (tests). */
export class ScriptedInput implements Input {
  #lines: string[];
  /**
   * @param lines the answers, in order
   */
  constructor(lines: readonly string[]) {
    this.#lines = [...lines];
  }
  /** @inheritdoc */
  readLine(): Promise<string | null> {
    return Promise.resolve(this.#lines.shift() ?? null);
  }
  /** @inheritdoc */
  readSecret(prompt: string, out: Output): Promise<string | null> {
    out.err(prompt);
    return this.readLine();
  }
}

/** The process's stdin, read in chunks; what follows a line is kept for the next read. */
export class StdinInput implements Input {
  #buffer = new Uint8Array(0);
  #eof = false;

  async #fill(): Promise<boolean> {
    if (this.#eof) return false;
    const chunk = new Uint8Array(1024);
    const n = await Deno.stdin.read(chunk);
    if (n === null) {
      this.#eof = true;
      return false;
    }
    const merged = new Uint8Array(this.#buffer.length + n);
    merged.set(this.#buffer);
    merged.set(chunk.subarray(0, n), this.#buffer.length);
    this.#buffer = merged;
    return true;
  }

  /** @inheritdoc */
  async readLine(): Promise<string | null> {
    for (;;) {
      const nl = this.#buffer.indexOf(10);
      if (nl >= 0) {
        const line = new TextDecoder().decode(this.#buffer.subarray(0, nl));
        this.#buffer = this.#buffer.slice(nl + 1);
        return line.slice(0, MAX_INPUT_LINE);
      }
      if (this.#buffer.length > MAX_INPUT_LINE) {
        const line = new TextDecoder().decode(this.#buffer.subarray(0, MAX_INPUT_LINE));
        this.#buffer = new Uint8Array(0);
        return line;
      }
      if (!(await this.#fill())) {
        if (this.#buffer.length === 0) return null;
        const line = new TextDecoder().decode(this.#buffer);
        this.#buffer = new Uint8Array(0);
        return line;
      }
    }
  }

  /** @inheritdoc */
  async readSecret(prompt: string, out: Output): Promise<string | null> {
    out.err(prompt);
    if (!Deno.stdin.isTerminal()) return await this.readLine();
    Deno.stdin.setRaw(true);
    try {
      let secret = "";
      for (;;) {
        if (this.#buffer.length === 0 && !(await this.#fill())) return secret === "" ? null : secret;
        const c = this.#buffer[0];
        this.#buffer = this.#buffer.slice(1);
        if (c === 13 || c === 10) break;
        if (c === 3) throw new Deno.errors.Interrupted("interrupted");
        if (c === 4) {
          if (secret === "") return null;
          break;
        }
        if (c === 127 || c === 8) secret = secret.slice(0, -1);
        else if (secret.length < MAX_INPUT_LINE) secret += String.fromCharCode(c);
      }
      return secret;
    } finally {
      Deno.stdin.setRaw(false);
      out.err("\n");
    }
  }
}

/**
 * The name of the user running the program (getpwuid(getuid())), from /etc/passwd, else $USER.
 * @returns the name, or undefined
 */
export function currentUserName(): string | undefined {
  try {
    const uid = Deno.uid();
    if (uid !== null) {
      const text = Deno.readTextFileSync("/etc/passwd");
      for (const line of text.split("\n")) {
        const f = line.split(":");
        if (f.length >= 3 && f[2] === String(uid)) return f[0];
      }
    }
  } catch {
    // no passwd file or no permission: fall back to the environment
  }
  return Deno.env.get("USER") || Deno.env.get("LOGNAME") || undefined;
}
