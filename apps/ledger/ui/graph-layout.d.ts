// Types of graph-layout.js (a browser ES module served as is) for the TypeScript specs and tests.

export interface GraphNode {
  id: string;
  type: 'call' | 'content';
  title: string;
  subtitle: string;
  detail: string;
  highlight: boolean;
  root?: boolean;
  data: unknown;
}

export interface GraphEdge {
  from: string;
  to: string;
  /** null on the edge from a call to its own result. */
  score: number | null;
  label: string;
  highlight: boolean;
  data: unknown;
}

export interface Graph {
  root: string;
  direction: 'backward' | 'forward';
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface PlacedNode extends GraphNode {
  depth: number;
  column: number;
  row: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedEdge extends GraphEdge {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  labelX: number;
  labelY: number;
}

export interface GraphLayout {
  root: string;
  direction: 'backward' | 'forward';
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

export interface LayoutSizes {
  nodeWidth: number;
  nodeHeight: number;
  columnGap: number;
  rowGap: number;
  margin: number;
}

export const LAYOUT: Readonly<LayoutSizes>;
export function shortHash(hash: string | null | undefined): string;
export function clip(text: unknown, max: number): string;
export function summarizeArguments(args: unknown, max?: number, first?: readonly string[]): string;
/** `toolCall` of CALL_PROVENANCE_QUERY. */
export function provenanceGraph(call: unknown): Graph;
/** `content` of CONTENT_IMPACT_QUERY. */
export function impactGraph(content: unknown): Graph;
export function layoutGraph(graph: Graph, sizes?: LayoutSizes): GraphLayout;
