/**
 * Scoring of scanner verdicts against the labels of a tool-definitions file. Only this
 * harness reads `label` and `category`; the scanner sees `server` and `tool`.
 */
export interface LabelledVerdict {
  id: string;
  label: 'poisoned' | 'benign';
  /** Gold category: a poisoning category, `benign` or `benign_hard_negative`. */
  category: string;
  flagged: boolean;
  /** Category of the strongest finding, when flagged. */
  predicted?: string;
}

export interface Prf {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export function prf(tp: number, fp: number, fn: number): Prf {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, precision, recall, f1 };
}

/** Binary poisoned-vs-benign over `rows`. */
export function detection(rows: readonly LabelledVerdict[]): Prf {
  const tp = rows.filter((row) => row.label === 'poisoned' && row.flagged).length;
  const fp = rows.filter((row) => row.label === 'benign' && row.flagged).length;
  const fn = rows.filter((row) => row.label === 'poisoned' && !row.flagged).length;
  return prf(tp, fp, fn);
}

export interface CategoryRow {
  category: string;
  gold: number;
  /** Detection: rows of this gold category flagged at all, against all benign rows. */
  detection: Prf;
  /** Typing: the strongest finding names this category (one-vs-rest over flagged rows). */
  typing: Prf;
}

/**
 * Per category, two views: detection (this slice of poisoned rows plus every benign row,
 * so precision counts all false alarms) and typing (whether the top finding's category
 * matches the gold one).
 */
export function perCategory(rows: readonly LabelledVerdict[]): CategoryRow[] {
  const categories = [...new Set(rows.filter((row) => row.label === 'poisoned').map((row) => row.category))].sort();
  const benign = rows.filter((row) => row.label === 'benign');
  return categories.map((category) => {
    const slice = rows.filter((row) => row.label === 'poisoned' && row.category === category);
    const typedTp = rows.filter((row) => row.flagged && row.predicted === category && row.category === category).length;
    const typedFp = rows.filter((row) => row.flagged && row.predicted === category && row.category !== category).length;
    return {
      category,
      gold: slice.length,
      detection: detection([...slice, ...benign]),
      typing: prf(typedTp, typedFp, slice.length - typedTp),
    };
  });
}

export function flaggedShare(rows: readonly LabelledVerdict[], category: string): { flagged: number; total: number } {
  const slice = rows.filter((row) => row.category === category);
  return { flagged: slice.filter((row) => row.flagged).length, total: slice.length };
}
