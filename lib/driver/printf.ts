/**
 * C's printf for one value, as NUT's drivers format variables (`"%.1f"`, `"%.0f"`, `"%s"`, `"%02d"`,
 * `"%x"`): flags `-+ 0#`, width, precision, conversions `d i u o x X f F e E g G s c %`. Rounding is C's
 * (glibc): a value exactly half-way is rounded to even (`%.0f` of 2.5 is "2"; JavaScript's toFixed
 * says "3"), so our values read as NUT's do.
 * @module
 */

/** A format that is not one value's printf format. */
export class FormatError extends Error {
  /** @param message what is wrong, naming the format */
  constructor(message: string) {
    super(message);
    this.name = "FormatError";
  }
}

const SPEC = /%([-+ 0#]*)(\d+)?(?:\.(\d*))?(hh|h|ll|l|L|q|j|z|t)?([diuoxXfFeEgGsc%])/g;

/**
 * Formats one value as C's printf would.
 * @param format the format, with at most one conversion besides `%%`
 * @param value the value (a number for numeric conversions; a string is read as a number)
 * @returns the text
 * @throws {FormatError} on a format with no conversion of a value, several, or an unknown one
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals([cFormat("%.1f", 229.46), cFormat("%.0f", 2.5), cFormat("%.0f", 3.5), cFormat("%03d", 7)], ["229.5", "2", "4", "007"]);
 * assertEquals([cFormat("%s V", "230"), cFormat("%x", 255), cFormat("%5.1f%%", 99)], ["230 V", "ff", " 99.0%"]);
 * ```
 */
export function cFormat(format: string, value: number | string): string {
  let used = 0;
  const out = format.replace(
    SPEC,
    (_m, flags: string, width?: string, precision?: string, _len?: string, conv?: string) => {
      if (conv === "%") return "%";
      if (++used > 1) throw new FormatError(`format "${format}" has more than one conversion`);
      return convert(conv!, flags, width === undefined ? 0 : Number(width), precision, value);
    },
  );
  if (format.replace(SPEC, "").includes("%")) {
    throw new FormatError(`format "${format}" has an unknown conversion`);
  }
  if (used === 0) throw new FormatError(`format "${format}" has no conversion of a value`);
  return out;
}

function convert(
  conv: string,
  flags: string,
  width: number,
  precision: string | undefined,
  value: number | string,
): string {
  const left = flags.includes("-");
  const zero = flags.includes("0") && !left;
  const prec = precision === undefined ? undefined : Number(precision || "0");
  if (conv === "s" || conv === "c") {
    let s = conv === "c" ? String.fromCharCode(Number(value) & 0xff) : String(value);
    if (conv === "s" && prec !== undefined) s = s.slice(0, prec);
    return pad(s, width, left, false);
  }
  const n = typeof value === "number" ? value : Number(value);
  if (Number.isNaN(n)) return pad(flags.includes("+") ? "+nan" : "nan", width, left, false);
  if (!Number.isFinite(n)) {
    return pad(n < 0 ? "-inf" : flags.includes("+") ? "+inf" : "inf", width, left, false);
  }
  let body: string;
  let negative = false;
  switch (conv) {
    case "d":
    case "i":
    case "u":
    case "o":
    case "x":
    case "X": {
      let i = Math.trunc(n);
      if (conv !== "d" && conv !== "i" && i < 0) i = i >>> 0; // unsigned conversions of a negative int
      negative = i < 0;
      const radix = conv === "o" ? 8 : conv === "x" || conv === "X" ? 16 : 10;
      body = Math.abs(i).toString(radix);
      if (conv === "X") body = body.toUpperCase();
      if (prec !== undefined) body = prec === 0 && i === 0 ? "" : body.padStart(prec, "0");
      if (flags.includes("#") && i !== 0) {
        body = (conv === "o" ? "0" : conv === "x" ? "0x" : conv === "X" ? "0X" : "") + body;
      }
      return sign(body, negative, flags, width, left, zero && prec === undefined);
    }
    case "f":
    case "F":
      negative = n < 0 || Object.is(n, -0);
      body = fixed(Math.abs(n), prec ?? 6);
      if (flags.includes("#") && (prec ?? 6) === 0) body += ".";
      return sign(body, negative, flags, width, left, zero);
    case "e":
    case "E":
      negative = n < 0 || Object.is(n, -0);
      body = exponential(Math.abs(n), prec ?? 6);
      return sign(conv === "E" ? body.toUpperCase() : body, negative, flags, width, left, zero);
    default: { // g, G
      negative = n < 0 || Object.is(n, -0);
      body = general(Math.abs(n), prec === undefined ? 6 : prec === 0 ? 1 : prec, flags.includes("#"));
      return sign(conv === "G" ? body.toUpperCase() : body, negative, flags, width, left, zero);
    }
  }
}

function pad(s: string, width: number, left: boolean, zero: boolean): string {
  if (s.length >= width) return s;
  return left ? s.padEnd(width) : zero ? s.padStart(width, "0") : s.padStart(width);
}

function sign(
  body: string,
  negative: boolean,
  flags: string,
  width: number,
  left: boolean,
  zero: boolean,
): string {
  const s = negative ? "-" : flags.includes("+") ? "+" : flags.includes(" ") ? " " : "";
  if (zero) return s + body.padStart(Math.max(0, width - s.length), "0");
  return pad(s + body, width, left, false);
}

/**
 * A non-negative value with `digits` decimals, rounded as glibc does: to nearest, a tie (only possible
 * when the binary value is exactly half-way) to even.
 */
function fixed(x: number, digits: number): string {
  const d = Math.min(digits, 100);
  const s = x.toFixed(d);
  // toFixed rounds a tie up: find ties from the exact expansion (enough digits for any double >= 1e-30).
  const exact = x.toFixed(Math.min(100, d + 30));
  const cut = exact.length - 30;
  const rest = exact.slice(cut);
  if (rest !== "5" + "0".repeat(29)) return s;
  const kept = exact.slice(0, cut);
  const last = kept.replace(".", "").at(-1);
  if (last === undefined || Number(last) % 2 === 1) return s; // odd: rounding up makes it even, as toFixed did
  return d === 0 ? kept.replace(/\.$/, "") : kept; // even: truncating is rounding to even
}

function exponential(x: number, digits: number): string {
  if (x === 0) return `${fixed(0, digits)}e+00`;
  let e = Math.floor(Math.log10(x));
  let m = fixed(x / 10 ** e, digits);
  if (Number(m) >= 10) {
    e += 1;
    m = fixed(x / 10 ** e, digits);
  }
  return `${m}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
}

function general(x: number, p: number, keepZeros: boolean): string {
  if (x === 0) return keepZeros ? fixed(0, p - 1) : "0";
  const e = Number(exponential(x, p - 1).split("e")[1]);
  let s = e < -4 || e >= p ? exponential(x, p - 1) : fixed(x, p - 1 - e);
  if (!keepZeros) {
    s = s.replace(/(\.\d*?)0+(e|$)/, "$1$2").replace(/\.(e|$)/, "$1");
  }
  return s;
}
