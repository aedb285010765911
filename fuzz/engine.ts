/**
 * The fuzz loop of one target: builds input `i` from the seeds with a generator of its own, parses it (timed)
 * and checks its properties, and sorts what is thrown into the parser's typed errors and failures. An input over the time limit
 * is run again three times and counts as slow only when its fastest run is still over the limit (a
 * garbage collection or another process may stretch one run).
 * @module
 */
import { buildInput, SeedPool } from "./generate.ts";
import { hashName, Prng } from "./prng.ts";
import { PropertyError } from "./property.ts";
import type { FuzzTarget } from "./target.ts";
import type { Corpus } from "./corpus.ts";

/** How a target is run. */
export interface RunOptions {
  /** The run's seed. */
  readonly seed: number;
  /** Inputs to run. */
  readonly count: number;
  /** Index of the first input (to replay one: `from: i, count: 1`). Default 0. */
  readonly from?: number;
  /** Time limit of one input, in ms. */
  readonly limitMs: number;
  /** Every target's seeds, for foreign lines. */
  readonly foreign?: SeedPool;
  /** Failures kept with their input (default 5). */
  readonly keep?: number;
}

/** One input that failed. */
export interface Failure {
  /** Its index (replay with `--from <index> --count 1`). */
  readonly index: number;
  /** The input. */
  readonly input: string;
  /** What was thrown: name, message and the first frame. */
  readonly error: string;
}

/** An input over the time limit. */
export interface SlowInput {
  /** Its index. */
  readonly index: number;
  /** Its first time, in ms. */
  readonly ms: number;
  /** Its fastest time over three more runs, in ms. */
  readonly retimedMs: number;
  /** Its length. */
  readonly length: number;
}

/** What one target's run found. */
export interface TargetReport {
  /** The target. */
  readonly name: string;
  /** Seed texts it drew from. */
  readonly seeds: number;
  /** Inputs run. */
  readonly inputs: number;
  /** Characters of input run. */
  readonly chars: number;
  /** Inputs that ended in the parser's own typed error. */
  readonly typed: number;
  /** Inputs that threw anything else, or broke a property. */
  readonly failures: number;
  /** The first few failures. */
  readonly examples: readonly Failure[];
  /** Slowest time of one input, in ms (first run). */
  readonly maxMs: number;
  /**
   * Slowest time of one input once every input over the limit and the 20 slowest are re-run (the fastest of
   * three runs counts), in ms.
   */
  readonly maxRetimedMs: number;
  /** 99th percentile, in ms. */
  readonly p99Ms: number;
  /** Mean, in ms. */
  readonly meanMs: number;
  /** The slowest input once re-run. */
  readonly slowest?: SlowInput;
  /** Inputs still over the limit when re-timed. */
  readonly slow: readonly SlowInput[];
  /** Wall time of the target's run, generation included, in s. */
  readonly seconds: number;
}

/** Inputs over the limit re-run at most (more are left as their first run says). */
const MAX_CANDIDATES = 200;

/** The slowest inputs re-run whatever their time. */
const TOP = 20;

function describe(e: unknown): string {
  if (!(e instanceof Error)) return `non-Error thrown: ${String(e)}`;
  const frame = (e.stack ?? "").split("\n").find((l) => l.trim().startsWith("at ")) ?? "";
  return `${e.name}: ${e.message}${frame ? ` (${frame.trim()})` : ""}`;
}

/**
 * Runs a target.
 * @param target the target
 * @param corpus the seeds
 * @param options seed, count, time limit
 * @returns the report
 */
export function runTarget(target: FuzzTarget, corpus: Corpus, options: RunOptions): TargetReport {
  const started = performance.now();
  const pool = new SeedPool(target.seeds(corpus));
  const stream = hashName(target.name);
  const inputOptions = { dictionary: target.dictionary, unicode: target.unicode, foreign: options.foreign };
  const keep = options.keep ?? 5;
  const from = options.from ?? 0;
  const times = new Float64Array(options.count);
  const examples: Failure[] = [];
  const candidates: { index: number; ms: number }[] = [];
  let typed = 0;
  let failures = 0;
  let chars = 0;

  /** Input i and its generator, positioned where parse() and check() take over. */
  const make = (i: number) => {
    const rng = new Prng(options.seed, stream, i);
    return { rng, input: buildInput(pool, rng, inputOptions) };
  };
  /** Runs input i once: the time of its parse, and what parse or check threw. */
  const once = (i: number) => {
    const { rng, input } = make(i);
    let thrown: unknown = undefined;
    let threw = false;
    let ms = 0;
    let parsed = false;
    const t0 = performance.now();
    try {
      const result = target.parse(input, rng);
      ms = performance.now() - t0;
      parsed = true;
      target.check(input, result, rng);
    } catch (e) {
      if (!parsed) ms = performance.now() - t0;
      threw = true;
      thrown = e;
    }
    return { ms, input, threw, thrown };
  };

  for (let k = 0; k < options.count; k++) {
    const i = from + k;
    const r = once(i);
    times[k] = r.ms;
    chars += r.input.length;
    if (r.ms > options.limitMs && candidates.length < MAX_CANDIDATES) candidates.push({ index: i, ms: r.ms });
    if (!r.threw) continue;
    if (!(r.thrown instanceof PropertyError) && target.isTyped(r.thrown)) typed++;
    else {
      failures++;
      if (examples.length < keep) examples.push({ index: i, input: r.input, error: describe(r.thrown) });
    }
  }

  const retime = (index: number, ms: number): SlowInput => {
    let best = Infinity;
    let length = 0;
    for (let n = 0; n < 3; n++) {
      const r = once(index);
      best = Math.min(best, r.ms);
      length = r.input.length;
    }
    return { index, ms, retimedMs: best, length };
  };
  const sorted = times.slice().sort();
  const n = sorted.length;
  // Re-run every input over the limit and the slowest few under it: one slow run may be a pause of the
  // runtime, the fastest of three is the input's own time.
  const threshold = n > TOP ? sorted[n - TOP] : 0;
  const over = new Set(candidates.map((c) => c.index));
  for (let k = 0; k < n && candidates.length < MAX_CANDIDATES + TOP; k++) {
    if (times[k] >= threshold && !over.has(from + k)) candidates.push({ index: from + k, ms: times[k] });
  }
  const retimed = candidates.map((c) => retime(c.index, c.ms));
  const slow = retimed.filter((s) => s.retimedMs > options.limitMs);
  const notRetimed = n > candidates.length ? sorted[n - 1 - candidates.length] : 0;
  let slowest: SlowInput | undefined;
  for (const s of retimed) if (!slowest || s.retimedMs > slowest.retimedMs) slowest = s;
  let sum = 0;
  for (let k = 0; k < n; k++) sum += sorted[k];
  return {
    name: target.name,
    seeds: pool.texts.length,
    inputs: options.count,
    chars,
    typed,
    failures,
    examples,
    maxMs: n ? sorted[n - 1] : 0,
    maxRetimedMs: Math.max(notRetimed, slowest?.retimedMs ?? 0),
    p99Ms: n ? sorted[Math.min(n - 1, Math.floor(n * 0.99))] : 0,
    meanMs: n ? sum / n : 0,
    slowest,
    slow,
    seconds: (performance.now() - started) / 1000,
  };
}
