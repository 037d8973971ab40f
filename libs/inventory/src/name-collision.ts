/** Synonyms a look-alike tool swaps in to sit next to the original. */
const VERB_SYNONYMS = new Set(['get', 'fetch', 'retrieve', 'obtain', 'read', 'load', 'query', 'lookup', 'find']);
const PROMO_AFFIX = /^(?:best|premium|ultimate|pro|super|advanced|enhanced|official|better|new|secure|fast|smart|v2|improved|real)$/;

export interface NameCollision {
  sibling: string;
  kind: 'case-variant' | 'promo-affix' | 'reordered' | 'synonym';
  weight: number;
}

function tokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_\-.]+/)
    .map((token) => token.toLowerCase())
    .filter((token) => token !== '');
}

/**
 * A tool whose name imitates a sibling's: the same words in other case or order, the
 * sibling's name with a promotional affix (`best_get_stock_actions`), or one verb swapped
 * for a synonym. The look-alike competes for the calls meant for the original. Only the
 * imitation is flagged: a conventional lower-case name is taken to be the original.
 */
export function nameCollision(name: string, siblings: readonly string[]): NameCollision | undefined {
  const own = tokens(name);
  const conventional = name === name.toLowerCase();
  let best: NameCollision | undefined;
  const consider = (candidate: NameCollision): void => {
    if (best === undefined || candidate.weight > best.weight) best = candidate;
  };
  for (const sibling of siblings) {
    if (sibling === name) continue;
    const other = tokens(sibling);
    if (own.join(' ') === other.join(' ')) {
      if (!conventional) consider({ sibling, kind: 'case-variant', weight: 0.6 });
      continue;
    }
    // `best_x` next to `x`, or next to `premium_x`: either way a look-alike competing for x's calls.
    const stripped = PROMO_AFFIX.test(own[0] as string) ? own.slice(1).join(' ') : undefined;
    const otherStripped = PROMO_AFFIX.test(other[0] as string) ? other.slice(1).join(' ') : other.join(' ');
    if (stripped !== undefined && stripped !== '' && stripped === otherStripped) {
      consider({ sibling, kind: 'promo-affix', weight: 0.6 });
      continue;
    }
    if (own.length === other.length && [...own].sort().join(' ') === [...other].sort().join(' ') && !conventional) {
      consider({ sibling, kind: 'reordered', weight: 0.55 });
      continue;
    }
    if (own.length === other.length && own.length >= 2) {
      const differing = own.map((token, index) => [token, other[index] as string]).filter(([a, b]) => a !== b);
      if (differing.length === 1 && differing.every(([a, b]) => VERB_SYNONYMS.has(a as string) && VERB_SYNONYMS.has(b as string))) {
        consider({ sibling, kind: 'synonym', weight: 0.2 });
      }
    }
  }
  return best;
}
