/**
 * The seed corpus: the repository's fixtures (device dumps, sequences, DUMPALL transcripts, ups.conf), the
 * string literals of its unit tests, and any extra folders given (NUT's Devices Dumps Library, a NUT
 * installation's /etc/nut). Files are read in sorted order, so a seed names the same inputs everywhere the
 * corpus is the same.
 * @module
 */
import { extractLiterals } from "./literals.ts";

/** Config files the fuzzer knows, by base name. */
export const CONFIG_NAMES = [
  "ups.conf",
  "upsd.conf",
  "upsd.users",
  "upsmon.conf",
  "upssched.conf",
  "nut.conf",
] as const;

/** A config file's base name. */
export type ConfigName = (typeof CONFIG_NAMES)[number];

/** The loaded seeds. */
export interface Corpus {
  /** `.dev` and `.seq` texts. */
  readonly devFiles: readonly string[];
  /** Driver socket transcripts (`.dumpall`: a driver's answer to DUMPALL). */
  readonly dumps: readonly string[];
  /** Config files by base name (`*.sample` copies included). */
  readonly configs: ReadonlyMap<ConfigName, readonly string[]>;
  /** String literals of the unit tests, by folder (`protocol`, `client`, `sock`, `config`, `tests`, ...). */
  readonly literals: ReadonlyMap<string, readonly string[]>;
  /** Files read. */
  readonly files: number;
}

/** Where the corpus comes from. */
export interface CorpusOptions {
  /** The repository's root folder. */
  readonly root: string;
  /** Further folders to read seeds from (missing ones are skipped). */
  readonly extra?: readonly string[];
}

/** Files larger than this are not seeds. */
const MAX_SEED_FILE = 1024 * 1024;

function walk(dir: string, out: string[]): void {
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(dir)];
  } catch (e) {
    if (e instanceof Deno.errors.NotFound || e instanceof Deno.errors.PermissionDenied) return;
    throw e;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory && e.name !== "node_modules" && !e.name.startsWith(".")) walk(path, out);
    else if (e.isFile) out.push(path);
  }
}

function configName(base: string): ConfigName | undefined {
  const name = base.replace(/\.sample$/, "");
  return (CONFIG_NAMES as readonly string[]).includes(name) ? name as ConfigName : undefined;
}

function read(path: string): string | undefined {
  try {
    if (Deno.statSync(path).size > MAX_SEED_FILE) return undefined;
    return new TextDecoder().decode(Deno.readFileSync(path));
  } catch (e) {
    if (e instanceof Deno.errors.PermissionDenied || e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
}

/** Test sources: `*_test.ts` and test helpers (`_test_*.ts`), every module of tests/. */
function isTestSource(top: string, base: string): boolean {
  if (!base.endsWith(".ts")) return false;
  return top === "tests" || base.endsWith("_test.ts") || base.startsWith("_test");
}

/** The folder a test's literals are filed under: `lib/protocol/x_test.ts` → `protocol`. */
function area(rel: string): string {
  const parts = rel.split("/");
  return parts[0] === "lib" && parts.length > 2 ? parts[1] : parts[0];
}

/**
 * Loads the corpus.
 * @param options the repository root and extra folders
 * @returns the seeds
 */
export function loadCorpus(options: CorpusOptions): Corpus {
  const devFiles: string[] = [];
  const dumps: string[] = [];
  const configs = new Map<ConfigName, string[]>();
  const literals = new Map<string, string[]>();
  let files = 0;
  const dataDirs = [`${options.root}/tests/fixtures`, ...(options.extra ?? [])];
  for (const dir of dataDirs) {
    const paths: string[] = [];
    walk(dir, paths);
    for (const path of paths) {
      const base = path.slice(path.lastIndexOf("/") + 1);
      const conf = configName(base);
      const kind = /\.(dev|seq)$/.test(base) ? "dev" : base.endsWith(".dumpall") ? "dump" : conf;
      if (!kind) continue;
      const text = read(path);
      if (text === undefined) continue;
      files++;
      if (kind === "dev") devFiles.push(text);
      else if (kind === "dump") dumps.push(text);
      else configs.set(kind, [...(configs.get(kind) ?? []), text]);
    }
  }
  for (const top of ["lib", "config", "cmd", "tests"]) {
    const paths: string[] = [];
    walk(`${options.root}/${top}`, paths);
    for (const path of paths) {
      if (!isTestSource(top, path.slice(path.lastIndexOf("/") + 1))) continue;
      const text = read(path);
      if (text === undefined) continue;
      files++;
      const key = area(path.slice(options.root.length + 1));
      const list = literals.get(key) ?? [];
      list.push(...extractLiterals(text));
      literals.set(key, list);
    }
  }
  for (const [key, list] of literals) literals.set(key, [...new Set(list)]);
  return { devFiles, dumps, configs, literals, files };
}

/**
 * The literals of some test folders.
 * @param corpus the corpus
 * @param areas folder names (`protocol`, `server`, ...)
 * @returns their literals, in the order of the folders given
 */
export function literalsOf(corpus: Corpus, ...areas: string[]): string[] {
  return areas.flatMap((a) => corpus.literals.get(a) ?? []);
}
