/**
 * `make fuzz`: runs every fuzz target on random and mutated inputs, seeded from the corpus, and prints per
 * target the inputs run, the parser's typed errors, the failures (anything else thrown, or a broken
 * property), and the time of one input (max, p99, mean; the slowest re-run). Deterministic: the same seed,
 * count and corpus give the same inputs. Bounded: it stops after `--count` inputs per target.
 *
 * ```
 * deno run --allow-read fuzz/main.ts [--seed N|random] [--count N] [--only a,b] [--from I]
 *   [--limit-ms 10] [--corpus DIR]...
 * ```
 *
 * Exit status 1 when an input failed or stayed over the time limit when run again.
 * @module
 */
import { parseArgs, UsageError } from "../lib/cli/getopt.ts";
import { type Output, stdio } from "../lib/cli/io.ts";
import { loadCorpus } from "./corpus.ts";
import { runTarget, type TargetReport } from "./engine.ts";
import { formatProblems, formatTable } from "./report.ts";
import { foreignSeeds, TARGETS } from "./targets/mod.ts";

const USAGE =
  `usage: fuzz/main.ts [--seed N|random] [--count N] [--only target,...] [--from I] [--limit-ms MS]
                    [--corpus DIR]... [--list]
  --seed      the run's seed (default 1); "random" draws one (printed)
  --count     inputs per target (default 1000000)
  --only      run these targets (see --list)
  --from      index of the first input (replay one: --from I --count 1)
  --limit-ms  time limit of one input (default 10)
  --corpus    a further folder of seeds (.dev/.seq, .dumpall, NUT config files); repeatable
`;

function intFlag(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new UsageError(`--${name} takes a whole number, got "${value}"`);
  }
  return n;
}

/**
 * Runs the fuzzer.
 * @param args the arguments
 * @param io output
 * @returns the exit status
 */
export function main(args: string[], io: Output = stdio): number {
  let seed: number;
  let count: number;
  let from: number;
  let limitMs: number;
  let p;
  try {
    p = parseArgs(args, {
      long: ["seed=", "count=", "only=", "from=", "limit-ms=", "corpus=", "list", "help|h"],
    }, 2);
    seed = p.value("seed") === "random"
      ? crypto.getRandomValues(new Uint32Array(1))[0]
      : intFlag(p.value("seed"), 1, "seed") >>> 0;
    count = intFlag(p.value("count"), 1_000_000, "count");
    from = intFlag(p.value("from"), 0, "from");
    limitMs = Number(p.value("limit-ms") ?? 10);
    if (!(limitMs > 0)) throw new UsageError("--limit-ms takes a positive number");
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`fuzz: ${e.message}\n${USAGE}`);
    return 2;
  }
  if (p.has("help")) {
    io.out(USAGE);
    return 0;
  }
  if (p.has("list")) {
    for (const t of TARGETS) io.out(`${t.name.padEnd(22)} ${t.subject}\n`);
    return 0;
  }
  const only = p.values("only").flatMap((v) => v.split(",")).filter(Boolean);
  const unknown = only.filter((n) => !TARGETS.some((t) => t.name === n));
  if (unknown.length) {
    io.err(`fuzz: no target ${unknown.join(", ")} (see --list)\n`);
    return 2;
  }
  const targets = only.length ? TARGETS.filter((t) => only.includes(t.name)) : TARGETS;
  const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
  const corpus = loadCorpus({ root, extra: p.values("corpus") });
  const foreign = foreignSeeds(corpus);
  io.out(
    `fuzz: seed ${seed}, ${count} inputs per target from #${from}, limit ${limitMs} ms per input, ` +
      `corpus ${corpus.files} files (${corpus.devFiles.length} dumps), Deno ${Deno.version.deno}\n`,
  );
  const reports: TargetReport[] = [];
  const started = performance.now();
  for (const target of targets) {
    const r = runTarget(target, corpus, { seed, count, from, limitMs, foreign });
    reports.push(r);
    io.out(
      `${r.name}: ${r.inputs} inputs (${r.seeds} seeds, ${
        (r.chars / 1e6).toFixed(1)
      } M chars), ${r.typed} typed, ` +
        `${r.failures} failures, ${r.slow.length} slow, max ${r.maxMs.toFixed(2)} ms, ${
          r.seconds.toFixed(1)
        } s\n`,
    );
  }
  io.out(`\n${formatTable(reports)}total ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  const problems = formatProblems(reports, seed);
  if (problems) io.err(`\n${problems}`);
  return reports.some((r) => r.failures > 0 || r.slow.length > 0) ? 1 : 0;
}

if (import.meta.main) Deno.exit(main(Deno.args));
