// Draws a laid-out graph (graph-layout.js) as SVG. Every text goes in through textContent.

const SVG = 'http://www.w3.org/2000/svg';

function svg(name, attributes = {}, text) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

function arrowMarker(id) {
  const marker = svg('marker', { id, viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
  marker.append(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z' }));
  return marker;
}

function edgeElement(edge) {
  const group = svg('g', { class: `edge${edge.highlight ? ' highlight' : ''}` });
  const bend = Math.max(30, (edge.x2 - edge.x1) / 2);
  const d = `M ${edge.x1} ${edge.y1} C ${edge.x1 + bend} ${edge.y1}, ${edge.x2 - bend} ${edge.y2}, ${edge.x2} ${edge.y2}`;
  group.append(svg('path', { d, 'marker-end': `url(#${edge.highlight ? 'arrow-hot' : 'arrow'})` }));
  if (edge.label) group.append(svg('text', { x: edge.labelX, y: edge.labelY, 'text-anchor': 'middle' }, edge.label));
  return group;
}

function nodeElement(node, onSelect) {
  const classes = ['node', node.type, node.highlight ? 'highlight' : '', node.root ? 'root' : ''].filter(Boolean).join(' ');
  const group = svg('g', { class: classes, transform: `translate(${node.x} ${node.y})`, tabindex: 0, role: 'button', 'data-id': node.id });
  group.append(svg('title', {}, `${node.title}\n${node.subtitle}${node.detail ? `\n${node.detail}` : ''}`));
  group.append(svg('rect', { width: node.width, height: node.height, rx: 6, ry: 6 }));
  group.append(svg('text', { class: 'title', x: 10, y: 18 }, node.title));
  group.append(svg('text', { class: 'subtitle', x: 10, y: 34 }, node.subtitle));
  if (node.detail) group.append(svg('text', { class: 'detail', x: 10, y: 49 }, node.detail));
  const select = () => onSelect(node);
  group.addEventListener('click', select);
  group.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      select();
    }
  });
  return group;
}

/** Replaces the container's content with the picture of `layout`; `onSelect(node)` on click or Enter. */
export function drawGraph(container, layout, onSelect) {
  const root = svg('svg', { width: layout.width, height: layout.height, viewBox: `0 0 ${layout.width} ${layout.height}`, role: 'img' });
  root.append(svg('title', {}, layout.direction === 'backward' ? 'Backward provenance' : 'Forward impact'));
  const defs = svg('defs');
  defs.append(arrowMarker('arrow'), arrowMarker('arrow-hot'));
  root.append(defs);
  for (const edge of layout.edges) root.append(edgeElement(edge));
  for (const node of layout.nodes) root.append(nodeElement(node, onSelect));
  container.replaceChildren(root);
}

/** Marks the selected node (dashed outline). */
export function markSelected(container, id) {
  for (const element of container.querySelectorAll('.node')) element.classList.toggle('selected', element.getAttribute('data-id') === id);
}
