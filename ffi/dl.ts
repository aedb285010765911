/**
 * What every FFI module needs, once: a shared library opened lazily from a list of candidate names (so a
 * command that never calls it never loads it, and a missing library is reported naming every name tried),
 * errno read through `__errno_location()`, and C strings (NUL-terminated UTF-8 out, bounded reads in).
 * Holds no module-level state: each facade owns its {@linkcode LazyLibrary}.
 * @module
 */

/** No library of a list could be opened. */
export class LibraryLoadError extends Error {
  /**
   * @param what the library, for people ("libusb-1.0")
   * @param names the file names tried, in order
   * @param errors why each failed, in the same order
   */
  constructor(readonly what: string, readonly names: readonly string[], readonly errors: readonly unknown[]) {
    const why = names.map((n, i) => `${n}: ${errorText(errors[i])}`).join("; ");
    super(`Cannot open ${what} (tried ${names.join(", ")}): ${why}`, { cause: errors.at(-1) });
    this.name = "LibraryLoadError";
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Opens the first library of `names` that loads, with `symbols`.
 * @param what the library, for the error message
 * @param names file names tried in order (e.g. `["libusb-1.0.so.0", "libusb-1.0.so"]`)
 * @param symbols the symbol table
 * @returns the opened library
 * @throws {LibraryLoadError} when none loads (FFI not allowed, not installed, a symbol missing)
 */
export function dlopenFirst<S extends Deno.ForeignLibraryInterface>(
  what: string,
  names: readonly string[],
  symbols: S,
): Deno.DynamicLibrary<S> {
  const errors: unknown[] = [];
  for (const name of names) {
    try {
      return Deno.dlopen(name, symbols);
    } catch (e) {
      errors.push(e);
    }
  }
  throw new LibraryLoadError(what, names, errors);
}

/**
 * A library opened on first use and held by its owner (a facade instance, never a module variable).
 * @example
 * ```ts
 * import { LazyLibrary } from "./dl.ts";
 * const libc = new LazyLibrary("libc", ["libc.so.6", "libc.so"], {
 *   getpid: { parameters: [], result: "i32" },
 * });
 * // nothing loaded yet; the first use opens it
 * libc.symbols.getpid();
 * libc.close();
 * ```
 */
export class LazyLibrary<S extends Deno.ForeignLibraryInterface> implements Disposable {
  #lib: Deno.DynamicLibrary<S> | undefined;

  /**
   * @param what the library, for error messages ("libc", "libusb-1.0")
   * @param names file names tried in order
   * @param definitions the symbol table
   */
  constructor(readonly what: string, readonly names: readonly string[], readonly definitions: S) {}

  /** Whether the library is loaded now. */
  get loaded(): boolean {
    return this.#lib !== undefined;
  }

  /**
   * The symbols, opening the library on first use.
   * @throws {LibraryLoadError} when no name loads
   */
  get symbols(): Deno.DynamicLibrary<S>["symbols"] {
    return (this.#lib ??= dlopenFirst(this.what, this.names, this.definitions)).symbols;
  }

  /** Unloads the library (the next use opens it again). Nothing may still be using it. */
  close(): void {
    this.#lib?.close();
    this.#lib = undefined;
  }

  /** Same as {@linkcode LazyLibrary.close}. */
  [Symbol.dispose](): void {
    this.close();
  }
}

/** The libc symbol that finds the calling thread's errno; add it to a libc symbol table. */
export const ERRNO_SYMBOLS = {
  /** int *__errno_location(void) */
  __errno_location: { parameters: [], result: "pointer" },
} as const satisfies Deno.ForeignLibraryInterface;

/**
 * The JS thread's errno, through one cached pointer (`__errno_location()` is per thread and constant for
 * it). Only meaningful right after a synchronous call made on this thread: a `nonblocking` call runs on a
 * worker thread, whose errno this is not.
 */
export class Errno {
  #view: Deno.UnsafePointerView | undefined;

  /**
   * @param symbols a library with {@linkcode ERRNO_SYMBOLS}
   */
  constructor(symbols: { __errno_location(): Deno.PointerValue }) {
    const p = symbols.__errno_location();
    if (p) this.#view = new Deno.UnsafePointerView(p);
  }

  /** The current value (0 when libc gave no location). */
  get value(): number {
    return this.#view?.getInt32() ?? 0;
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A string as a NUL-terminated UTF-8 buffer, to pass as a `"buffer"` parameter. The callee must not keep
 * the pointer beyond the call unless the caller keeps the buffer referenced.
 * @param s the text (should hold no NUL: C stops at the first)
 * @returns its bytes and a NUL
 */
export function cString(s: string): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(encoder.encode(s).length + 1);
  encoder.encodeInto(s, b);
  return b;
}

/**
 * The text of a NUL-terminated string in a buffer (a C `char[]` out-parameter).
 * @param bytes the buffer
 * @returns the UTF-8 text before the first NUL (the whole buffer when there is none)
 */
export function decodeCString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return decoder.decode(end < 0 ? bytes : bytes.subarray(0, end));
}

/**
 * Reads a NUL-terminated string a C function returned, never beyond `maxBytes` (a missing NUL does not
 * read on into unmapped memory).
 * @param p the pointer (NULL gives undefined)
 * @param maxBytes most bytes read, the NUL not counted
 * @returns the UTF-8 text, cut at `maxBytes`
 */
export function readCString(p: Deno.PointerValue, maxBytes: number): string | undefined {
  if (!p) return undefined;
  const v = new Deno.UnsafePointerView(p);
  let n = 0;
  while (n < maxBytes && v.getUint8(n) !== 0) n++;
  return n === 0 ? "" : decoder.decode(new Uint8Array(Deno.UnsafePointerView.getArrayBuffer(p, n)));
}

/**
 * An 8-byte out-parameter that receives a pointer (`T **`), e.g. libusb_open()'s handle.
 * @example
 * ```ts
 * import { PointerOut } from "./dl.ts";
 * const out = new PointerOut();
 * // lib.symbols.libusb_init(out.bytes)
 * out.value; // null until the callee wrote it
 * ```
 */
export class PointerOut {
  #cell = new BigUint64Array(1);
  /** The bytes to pass as a `"buffer"` parameter. */
  readonly bytes: Uint8Array<ArrayBuffer> = new Uint8Array(this.#cell.buffer);

  /** The pointer written there (null for NULL). */
  get value(): Deno.PointerValue {
    return Deno.UnsafePointer.create(this.#cell[0]);
  }
}
