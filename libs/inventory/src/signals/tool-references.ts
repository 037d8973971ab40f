import type { ToolContext } from './signal';

/** A mention of a tool other than the one being described. */
export interface ToolReference {
  name: string;
  index: number;
  end: number;
}

/** Names that are also everyday words need a tool-ish context to count as a mention. */
function distinctive(name: string): boolean {
  return /[_\-.]|[a-z][A-Z]/.test(name) || name.length >= 12;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Identifier-shaped tool names in call context: "`add` tool", "call get_stock_info", "every read_file call". */
const GENERIC_REFERENCE =
  /[`'"]([A-Za-z][\w-]{1,40}|[A-Z][\w ]{2,40})[`'"] (?:tool|function)\b|\b(?:the|call|calls|calling|use|using|invoke|invoking|run|to) [`'"]?([a-z][a-z0-9]*(?:_[a-z0-9]+)+)[`'"]?|\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+) (?:tool|call|calls|function)\b|\(\w+\) ([a-z][\w-]+) is (?:invoked|called|used)|\btool [`'"]([\w-]{2,40})[`'"]|\b(?:any|every|all) other (?:[\w-]+ ){0,3}tools?\b|\bthe other tool\b|\bfrom any server\b/g;

/**
 * Every reference in `text` to a tool that is not `tool.name`: sibling names (whole
 * words; plain-word names like `add` only when quoted or next to "tool"/"call") and
 * generic tool-call phrases naming tools the server does not list.
 */
export function otherToolReferences(text: string, tool: ToolContext): ToolReference[] {
  const refs: ToolReference[] = [];
  const self = tool.name.toLowerCase();
  for (const sibling of tool.siblings) {
    if (sibling.toLowerCase() === self || sibling.length < 3) continue;
    const bare = `(?<![\\w-])${escape(sibling)}(?![\\w-])`;
    const pattern = distinctive(sibling) ? new RegExp(bare, 'g') : new RegExp(`[\`'"]${escape(sibling)}[\`'"]|(?<![\\w-])${escape(sibling)} (?:tool|function|call)\\b`, 'gi');
    for (const match of text.matchAll(pattern)) refs.push({ name: sibling, index: match.index ?? 0, end: (match.index ?? 0) + match[0].length });
  }
  for (const match of text.matchAll(GENERIC_REFERENCE)) {
    const name = match[1] ?? match[2] ?? match[3] ?? match[4] ?? match[5] ?? match[0];
    // The tool's own parameters and enum values are snake_case too: "set the holder_type".
    if (name.toLowerCase() === self || tool.ownTerms.has(name.toLowerCase())) continue;
    if (/^\s*(?:parameter|argument|field|param|option|value)/i.test(text.slice((match.index ?? 0) + match[0].length))) continue;
    // Offsets of the name itself, so "call `x`" keeps its verb before the reference.
    const index = (match.index ?? 0) + Math.max(0, match[0].indexOf(name));
    refs.push({ name, index, end: index + name.length });
  }
  return refs;
}

/** Mentions of the tool itself ("the 'get_holder_info' tool has been disabled"). */
export function selfReferences(text: string, tool: ToolContext): number[] {
  if (tool.name.length < 3) return [];
  const pattern = new RegExp(`(?<![\\w-])${escape(tool.name)}(?![\\w-])|\\bthis tool\\b`, 'gi');
  return [...text.matchAll(pattern)].map((match) => match.index ?? 0);
}
