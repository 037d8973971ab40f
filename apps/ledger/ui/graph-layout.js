// Pure: GraphQL answers → a graph → positions. No DOM, so graph-layout.spec.ts runs it in Node.
// The page is a browser ES module served as is (no build step); graph-layout.d.ts types it for the tests.

/** Sizes in SVG user units. A column is wider than a node, so nodes of two columns never overlap. */
export const LAYOUT = Object.freeze({ nodeWidth: 230, nodeHeight: 58, columnGap: 110, rowGap: 22, margin: 28 });

const SHORT_HASH = 12;

/** `sha256:3f2a9c1d0b4e…` → `3f2a9c1d0b4e`. */
export function shortHash(hash) {
  const hex = String(hash ?? '').replace(/^sha256:/, '');
  return hex.length > SHORT_HASH ? hex.slice(0, SHORT_HASH) : hex;
}

/** Cuts text to `max` characters, with an ellipsis when cut. */
export function clip(text, max) {
  const flat = String(text ?? '').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

const SHORT_VALUE = 40;

/**
 * `{ to: "a@b", subject: "x" }` → `to=a@b, subject=x`, one line, short. The arguments named in
 * `first` (those the provenance evidence is about, strongest source first) come first, in that
 * order, then short values before long ones, so a recipient is not hidden behind a message body.
 */
export function summarizeArguments(args, max = 34, first = []) {
  if (args === null || args === undefined) return '';
  if (typeof args !== 'object') return clip(String(args), max);
  const rank = ([key, text]) => (first.includes(key) ? first.indexOf(key) : first.length + (text.length <= SHORT_VALUE ? 0 : 1));
  const parts = Object.entries(args)
    .map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)])
    .map((entry, index) => ({ entry, index, rank: rank(entry) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ entry: [key, text] }) => `${key}=${text}`);
  return clip(parts.join(', '), max);
}

/** The argument names a provenance's evidence points at (`evidence[].argument`), strongest source first. */
function evidenceArguments(provenance) {
  const names = [];
  for (const source of provenance?.sources ?? []) {
    for (const item of Array.isArray(source.evidence) ? source.evidence : []) {
      if (typeof item?.argument === 'string' && !names.includes(item.argument)) names.push(item.argument);
    }
  }
  return names;
}

const callNodeId = (call) => `call:${call.id}`;

function callNode(call, extra = {}, focus = []) {
  const session = call.session?.externalId ?? call.session?.id ?? call.sessionId ?? '';
  return {
    id: callNodeId(call),
    type: 'call',
    title: clip(call.toolName ?? '(unknown tool)', 28),
    subtitle: summarizeArguments(call.arguments, 34, focus),
    detail: session ? `session ${clip(session, 22)}` : '',
    highlight: false,
    data: call,
    ...extra,
  };
}

function contentNode(id, { hash, kind, seq }, extra = {}) {
  return {
    id,
    type: 'content',
    title: seq === undefined || seq === null ? clip(kind ?? 'content', 28) : `${clip(kind ?? 'content', 20)} #${seq}`,
    subtitle: shortHash(hash),
    detail: '',
    highlight: false,
    data: { hash, kind, seq },
    ...extra,
  };
}

/** Collects nodes and edges; a node or edge met twice is kept once (the edge with its higher score). */
function graphBuilder() {
  const nodes = new Map();
  const edges = new Map();
  return {
    node(node) {
      if (!nodes.has(node.id)) nodes.set(node.id, node);
      return nodes.get(node.id);
    },
    edge(edge) {
      const key = `${edge.from}\u0000${edge.to}`;
      const known = edges.get(key);
      if (!known || (edge.score ?? -1) > (known.score ?? -1)) edges.set(key, { ...edge, highlight: edge.highlight || known?.highlight === true });
    },
    build(root, direction) {
      return { root, direction, nodes: [...nodes.values()], edges: [...edges.values()] };
    },
  };
}

const scoreLabel = (score) => (typeof score === 'number' ? score.toFixed(2) : '');

/**
 * Backward provenance of one call (`toolCall` of CALL_PROVENANCE_QUERY): content → the call it
 * fed, labelled by score; producing call → its result content; recursively through `upstream`.
 * The root's strongest source (GraphQL lists sources strongest first) and its edge are highlighted.
 */
export function provenanceGraph(call) {
  const graph = graphBuilder();
  const root = graph.node(callNode(call, { root: true, highlight: call.provenance?.injectionSuspected === true }, evidenceArguments(call.provenance)));
  const visit = (provenance, consumerId, isRoot) => {
    (provenance?.sources ?? []).forEach((source, index) => {
      const top = isRoot && index === 0;
      const content = graph.node(contentNode(`content:${source.contentHash}@${source.seq}`, { hash: source.contentHash, kind: source.kind, seq: source.seq }));
      if (top) content.highlight = true;
      graph.edge({ from: content.id, to: consumerId, score: source.score, label: scoreLabel(source.score), highlight: top, data: { evidence: source.evidence } });
      if (!source.producedBy) return;
      const producer = graph.node(callNode(source.producedBy, {}, evidenceArguments(source.upstream)));
      graph.edge({ from: producer.id, to: content.id, score: null, label: 'result', highlight: false, data: null });
      visit(source.upstream, producer.id, false);
    });
  };
  visit(call.provenance, root.id, true);
  return graph.build(root.id, 'backward');
}

/**
 * Forward impact of one content item (`content` of CONTENT_IMPACT_QUERY): the content → every
 * call derived from it, in any session; a call whose result fed later calls → that result → them.
 */
export function impactGraph(content) {
  const graph = graphBuilder();
  const contentId = (hash) => `content:${hash}`;
  const root = graph.node(contentNode(contentId(content.hash), { hash: content.hash, kind: content.kind }, { root: true, highlight: true }));
  const items = [...(content.impact ?? [])].sort((a, b) => a.depth - b.depth || b.score - a.score || String(a.call.id).localeCompare(String(b.call.id)));
  const feeding = new Set(items.map((item) => item.viaContentHash));
  for (const item of items) {
    const call = graph.node(callNode(item.call));
    const via = graph.node(contentNode(contentId(item.viaContentHash), { hash: item.viaContentHash, kind: 'tool_result' }));
    graph.edge({ from: via.id, to: call.id, score: item.score, label: scoreLabel(item.score), highlight: false, data: { depth: item.depth } });
    const result = item.call.result?.hash;
    if (result && feeding.has(result)) {
      const produced = graph.node(contentNode(contentId(result), { hash: result, kind: item.call.result.kind ?? 'tool_result' }));
      graph.edge({ from: call.id, to: produced.id, score: null, label: 'result', highlight: false, data: null });
    }
  }
  return graph.build(root.id, 'forward');
}

/**
 * Hops from the root along the graph's direction (backward: against the edges), the longest
 * path, so that every edge of a DAG runs from a lower column to a higher one. Nodes on a
 * cycle (not expected) keep their breadth-first depth.
 */
function depthsFrom(graph) {
  const outward = new Map(graph.nodes.map((node) => [node.id, []]));
  for (const edge of graph.edges) {
    const [from, to] = graph.direction === 'backward' ? [edge.to, edge.from] : [edge.from, edge.to];
    if (outward.has(from) && outward.has(to)) outward.get(from).push(to);
  }
  const depth = new Map([[graph.root, 0]]);
  const queue = [graph.root];
  while (queue.length > 0) {
    const id = queue.shift();
    for (const next of outward.get(id) ?? []) {
      if (!depth.has(next)) {
        depth.set(next, depth.get(id) + 1);
        queue.push(next);
      }
    }
  }
  const indegree = new Map([...depth.keys()].map((id) => [id, 0]));
  for (const id of depth.keys()) for (const next of outward.get(id)) indegree.set(next, indegree.get(next) + 1);
  const longest = new Map([[graph.root, 0]]);
  const ready = indegree.get(graph.root) === 0 ? [graph.root] : [];
  while (ready.length > 0) {
    const id = ready.shift();
    for (const next of outward.get(id)) {
      longest.set(next, Math.max(longest.get(next) ?? 0, longest.get(id) + 1));
      indegree.set(next, indegree.get(next) - 1);
      if (indegree.get(next) === 0) ready.push(next);
    }
  }
  for (const [id, hops] of depth) if (indegree.get(id) !== 0 || !longest.has(id)) longest.set(id, hops);
  for (const node of graph.nodes) if (!longest.has(node.id)) longest.set(node.id, 0);
  return longest;
}

const byId = (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Places a graph left → right: one column per hop from the root (backward graphs put the root
 * rightmost, forward ones leftmost), nodes of a column ordered by the mean row of their
 * neighbours one hop nearer the root, then by score and id, so the same graph always gets the
 * same picture. Edges run from the right side of a node to the left side of the next.
 */
export function layoutGraph(graph, sizes = LAYOUT) {
  const { nodeWidth, nodeHeight, columnGap, rowGap, margin } = sizes;
  const depth = depthsFrom(graph);
  const maxDepth = Math.max(0, ...depth.values());
  const nearer = new Map(graph.nodes.map((node) => [node.id, []]));
  const bestScore = new Map();
  for (const edge of graph.edges) {
    const [inner, outer] = graph.direction === 'backward' ? [edge.to, edge.from] : [edge.from, edge.to];
    if (nearer.has(outer) && depth.get(inner) === depth.get(outer) - 1) nearer.get(outer).push(inner);
    for (const id of [edge.from, edge.to]) bestScore.set(id, Math.max(bestScore.get(id) ?? -1, edge.score ?? -1));
  }
  const row = new Map();
  const columns = [];
  for (let hops = 0; hops <= maxDepth; hops++) {
    const members = graph.nodes.filter((node) => depth.get(node.id) === hops).sort(byId);
    const key = new Map(
      members.map((node) => {
        const rows = nearer.get(node.id).map((id) => row.get(id)).filter((r) => r !== undefined);
        return [node.id, rows.length === 0 ? Number.POSITIVE_INFINITY : rows.reduce((sum, r) => sum + r, 0) / rows.length];
      }),
    );
    members.sort((a, b) => key.get(a.id) - key.get(b.id) || (bestScore.get(b.id) ?? -1) - (bestScore.get(a.id) ?? -1) || byId(a, b));
    members.forEach((node, index) => row.set(node.id, index));
    columns.push(members);
  }
  const tallest = Math.max(1, ...columns.map((members) => members.length));
  const pitch = nodeHeight + rowGap;
  const nodes = columns.flatMap((members, hops) =>
    members.map((node, index) => {
      const column = graph.direction === 'backward' ? maxDepth - hops : hops;
      const offset = ((tallest - members.length) * pitch) / 2;
      return { ...node, depth: hops, column, row: index, x: margin + column * (nodeWidth + columnGap), y: margin + offset + index * pitch, width: nodeWidth, height: nodeHeight };
    }),
  );
  const placed = new Map(nodes.map((node) => [node.id, node]));
  const edges = graph.edges
    .filter((edge) => placed.has(edge.from) && placed.has(edge.to))
    .map((edge) => {
      const from = placed.get(edge.from);
      const to = placed.get(edge.to);
      const x1 = from.x + from.width;
      const y1 = from.y + from.height / 2;
      const x2 = to.x;
      const y2 = to.y + to.height / 2;
      return { ...edge, x1, y1, x2, y2, labelX: (x1 + x2) / 2, labelY: (y1 + y2) / 2 - 6 };
    })
    .sort((a, b) => byId({ id: `${a.from}\u0000${a.to}` }, { id: `${b.from}\u0000${b.to}` }));
  return {
    root: graph.root,
    direction: graph.direction,
    width: 2 * margin + (maxDepth + 1) * nodeWidth + maxDepth * columnGap,
    height: 2 * margin + tallest * pitch - rowGap,
    nodes: nodes.sort(byId),
    edges,
  };
}
