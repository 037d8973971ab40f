/**
 * Runs a baseline and a candidate in alternation (baseline, candidate, baseline, …) in
 * the same process. Load from other processes on a shared machine drifts over seconds;
 * alternating short repetitions exposes both sides to the same drift, so the ratio of
 * their medians is stable even when the absolute figures are not.
 */

export interface Contender<R> {
  name: string;
  run(repetition: number): Promise<R>;
}

export interface InterleavedResults<R> {
  baseline: R[];
  candidate: R[];
}

export interface InterleaveOptions<R> {
  baseline: Contender<R>;
  candidate: Contender<R>;
  /** Measured repetitions per side (≥ 5 for a meaningful median). */
  repetitions: number;
  /** Unmeasured repetitions per side first, so JIT tiers, caches and pools settle. */
  warmups: number;
  progress: (line: string) => void;
  /** One line describing a finished repetition's result, for progress output. */
  describe: (result: R) => string;
}

export async function interleave<R>(options: InterleaveOptions<R>): Promise<InterleavedResults<R>> {
  const { baseline, candidate, repetitions, warmups, progress, describe } = options;
  for (let i = 0; i < warmups; i += 1) {
    for (const contender of [baseline, candidate]) {
      const result = await contender.run(-1 - i);
      progress(`warm-up ${i + 1}/${warmups} ${contender.name}: ${describe(result)}`);
    }
  }
  const results: InterleavedResults<R> = { baseline: [], candidate: [] };
  for (let rep = 0; rep < repetitions; rep += 1) {
    for (const [side, contender] of [['baseline', baseline], ['candidate', candidate]] as const) {
      const result = await contender.run(rep);
      results[side].push(result);
      progress(`rep ${rep + 1}/${repetitions} ${contender.name}: ${describe(result)}`);
    }
  }
  return results;
}
