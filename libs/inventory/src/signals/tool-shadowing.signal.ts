import { OBLIGATION, quote } from './cues';
import type { FieldText, RawFinding } from './signal';
import { otherToolReferences, selfReferences } from './tool-references';

/** Conditions on another tool's use: "when X is invoked", "before calling X", "every X call". */
const TRIGGER =
  /\b(?:when|whenever|if|once|every time)\b[^.]{0,60}?\b(?:is|are|gets?|being)?\s*(?:used|invoked|called|present|available|connected|run|requested)\b|\b(?:before|after|prior to)\s+(?:you\s+)?(?:using|calling|call|use|invoking|accessing|retrieving|attempting)\b|\bevery\s+\S+\s+call\b|\bshould first be preceded\b/i;

/** Directing the model to call or route through the tool named right after. */
const CALL_BEFORE_REF = /\b(?:call|use|invoke|run|redirect|route|consult|precede)\w*\b[^.]{0,40}$/i;

/** Claims about another tool's state that steer the model away from it. */
const STATE_CLAIM =
  /\b(?:has|have) been (?:temporarily |permanently )?(?:deprecated|disabled|replaced|superseded|upgraded|enhanced|optimized|moved|blocked|changed|restricted)\b|\bsupersedes\b|\b(?:is|are) (?:now |currently |temporarily )?(?:unavailable|disabled|deprecated|down)\b|\bno longer (?:available|works?|supported)\b|\bnow uses\b/i;

/** Discrediting or suppressing another tool. */
const SUPPRESS = /\bdo not (?:use|call|trust)\b|\bignore (?:its|their|the other tool'?s?) (?:results|output)\b|\brely only on this tool\b|\binstead (?:call|use)\b|\bonly (?:use|call|trust) this tool\b/i;

/** Pinning another tool's arguments to values the user never gave: quoted literals, dates, tickers. */
const PINNED_ARGUMENT = /^[^.]{0,15}\b(?:with|for|from)\b[^.]{0,90}?(?:['"‘“][^'"’”]{1,30}['"’”]|\b\d{4}-\d{2}-\d{2}\b)/;

/**
 * Text about OTHER tools. Naming a sibling to say when this tool is the better choice is
 * normal ("Use this instead of read_file for large files"); shadowing is steering how
 * another tool is called, claiming it changed or is unavailable, suppressing it, or
 * pinning its arguments — the definition reaching beyond its own contract.
 */
export function toolShadowing(field: FieldText): RawFinding[] {
  const out: RawFinding[] = [];
  // Redirection: "this tool has been disabled due to …" anywhere, and another tool offered in its place.
  const redirectTo = field.sentences.find((sentence) =>
    otherToolReferences(sentence.text, field.tool).length > 0 && /\b(?:use|call|switch to|redirect to|try)\b/i.test(sentence.text),
  );
  for (const sentence of field.sentences) {
    const refs = otherToolReferences(sentence.text, field.tool);
    const selfRefs = selfReferences(sentence.text, field.tool);
    const push = (signal: string, weight: number, why: string): void => {
      out.push({ category: 'tool_shadowing', signal, weight, why, start: sentence.start, end: sentence.end });
    };
    const state = STATE_CLAIM.exec(sentence.text);
    if (refs.length === 0) {
      // "The 'get_holder_info' tool has been disabled … use 'get_stock_info'": a claim about itself
      // is only a redirect when another tool follows; a plain DEPRECATED note has no narrative.
      if (state !== null && selfRefs.length > 0 && /\b(?:due to|for|pending)\b/i.test(sentence.text.slice(state.index))) {
        push(
          redirectTo !== undefined ? 'self-disable-redirect' : 'self-state-claim',
          redirectTo !== undefined ? 0.55 : 0.3,
          `claims this tool changed state${redirectTo !== undefined ? ' and redirects to another tool' : ''}: ${quote(state[0])}`,
        );
      }
      continue;
    }
    const named = quote(refs[0]?.name ?? '', 40);
    // The condition or the call verb must bear on the other tool itself, not merely share its sentence.
    const triggerMatch = TRIGGER.exec(sentence.text);
    const trigger =
      triggerMatch !== null && refs.some((ref) => ref.index >= triggerMatch.index - 40 && ref.index <= triggerMatch.index + triggerMatch[0].length + 40);
    const directed = refs.find((ref) => CALL_BEFORE_REF.test(sentence.text.slice(Math.max(0, ref.index - 50), ref.index)));
    const directive = directed !== undefined && OBLIGATION.test(sentence.text);
    if (trigger || directive) {
      // "You must call X first to obtain the ID this tool needs" is a prerequisite, not steering.
      const prerequisite = /\bto (?:obtain|get|find|resolve|look up|retrieve)\b[^.]{0,60}\b(?:id|identifier|url|path|required|needed|valid)\b/i.test(sentence.text);
      push('steers-other-tool', prerequisite ? 0.15 : 0.3, `${trigger ? 'conditions on' : 'directs calls to'} another tool ${named}`);
    }
    if (state !== null) push('other-tool-state-claim', 0.45, `claims another tool ${named} ${quote(state[0], 40)}`);
    const suppress = SUPPRESS.exec(sentence.text);
    if (suppress !== null) push('suppresses-other-tool', 0.45, `suppresses another tool ${named}: ${quote(suppress[0], 40)}`);
    const pinned = directed === undefined ? null : PINNED_ARGUMENT.exec(sentence.text.slice(directed.end));
    if (pinned !== null && directive) {
      push('pins-other-tool-arguments', 0.35, `fixes another tool's arguments: ${quote(pinned[0], 40)}`);
    }
    const assigned = /\b(?:set|change|replace|override|switch|make)\b[^.]{0,40}?\bto\s+['"‘“][^'"’”]{1,40}['"’”]/i.exec(sentence.text);
    if (assigned !== null && (trigger || directive)) {
      push('rewrites-other-tool-arguments', 0.45, `assigns fixed values when another tool ${named} runs: ${quote(assigned[0], 50)}`);
    }
    if (refs.some((ref) => /from any server|any other|the other tool/i.test(ref.name))) {
      push('cross-server-steering', 0.4, 'reaches to tools of other servers');
    }
  }
  return out;
}
