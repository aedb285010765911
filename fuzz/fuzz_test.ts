// The CI slice of `make fuzz`: 10,000 inputs per target with a fixed seed, from the repository's own corpus
// (fixtures and test literals), and no failure allowed. Timing is `make fuzz`'s business, not CI's.
import { assertEquals } from "../lib/testing/asserts.ts";
import { loadCorpus } from "./corpus.ts";
import { runTarget } from "./engine.ts";
import { formatProblems } from "./report.ts";
import { foreignSeeds, TARGETS } from "./targets/mod.ts";

const SEED = 20261123;
const COUNT = 10_000;

Deno.test({
  name: "make fuzz's targets run 10,000 inputs each without a failure (fixed seed, repository corpus)",
  permissions: { read: true },
  async fn(t) {
    const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
    const corpus = loadCorpus({ root });
    const foreign = foreignSeeds(corpus);
    for (const target of TARGETS) {
      await t.step(target.name, () => {
        const r = runTarget(target, corpus, { seed: SEED, count: COUNT, limitMs: Infinity, foreign });
        assertEquals(r.inputs, COUNT);
        assertEquals(r.failures, 0, formatProblems([r], SEED));
      });
    }
  },
});
