// The provenance page: lists suspected injections, draws a call's backward provenance or a
// content item's forward impact. Data only from /graphql with the user's token; text only
// through textContent (never innerHTML: arguments and evidence are attacker-written).
import { drawGraph, markSelected } from './graph-view.js';
import { clip, impactGraph, layoutGraph, provenanceGraph, shortHash, summarizeArguments } from './graph-layout.js';
import { CALL_PROVENANCE_QUERY, CONTENT_IMPACT_QUERY, INJECTION_FINDINGS_QUERY, SUSPECTED_CALLS_QUERY, runQuery } from './queries.js';

// sessionStorage only: gone when the tab closes, never in the URL, history or localStorage.
const TOKEN_KEY = 'mcp-ledger.token';
const TENANT_KEY = 'mcp-ledger.tenant';
const GRAPHQL_URL = new URL('../graphql', window.location.href).toString();

const $ = (id) => document.getElementById(id);

function element(tag, { className, text } = {}, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  node.append(...children);
  return node;
}

function showError(message) {
  $('error').textContent = message;
  $('error').hidden = false;
}

function clearError() {
  $('error').textContent = '';
  $('error').hidden = true;
}

async function ask(query, variables) {
  const answer = await runQuery({
    fetch: (...args) => window.fetch(...args),
    url: GRAPHQL_URL,
    token: sessionStorage.getItem(TOKEN_KEY) ?? '',
    tenant: sessionStorage.getItem(TENANT_KEY) ?? '',
    query,
    variables,
  });
  if (!answer.ok) showError(answer.message);
  return answer.ok ? answer.data : null;
}

const sessionName = (session) => session?.externalId ?? session?.id ?? '';

function listItem({ label, meta, metaClass, onClick }) {
  const button = element('button', { text: label });
  button.type = 'button';
  button.append(element('span', { className: `meta ${metaClass ?? ''}`, text: meta }));
  button.addEventListener('click', onClick);
  return element('li', {}, button);
}

function fillList(list, items, emptyText) {
  list.replaceChildren(...(items.length > 0 ? items : [element('li', { className: 'empty', text: emptyText })]));
}

async function loadLists() {
  clearError();
  const [findings, calls] = await Promise.all([ask(INJECTION_FINDINGS_QUERY), ask(SUSPECTED_CALLS_QUERY)]);
  if (findings) {
    const items = findings.findings.edges
      .map(({ node }) => node)
      .filter((finding) => finding.toolCall)
      .map((finding) =>
        listItem({
          label: clip(finding.summary, 90),
          meta: `${finding.severity} · ${finding.toolCall.toolName ?? ''} · ${sessionName(finding.session)}`,
          metaClass: `severity-${finding.severity}`,
          onClick: () => showProvenance(finding.toolCall.id),
        }),
      );
    fillList($('findings'), items, 'No injection findings.');
  }
  if (calls) {
    const items = calls.toolCalls.edges.map(({ node }) =>
      listItem({
        label: `${node.toolName ?? '(unknown tool)'} ${summarizeArguments(node.arguments, 50)}`,
        meta: `score ${node.provenance?.score?.toFixed(2) ?? '–'} · ${sessionName(node.session)}`,
        onClick: () => showProvenance(node.id),
      }),
    );
    fillList($('calls'), items, 'No suspected calls.');
  }
}

function definitionList(rows) {
  const list = element('dl');
  for (const [term, value] of rows) if (value !== undefined && value !== null && value !== '') list.append(element('dt', { text: term }), element('dd', { text: String(value) }));
  return list;
}

const json = (value) => element('pre', { text: JSON.stringify(value, null, 2) });

function showPanel(title, ...children) {
  $('panel-body').replaceChildren(element('h3', { text: title }), ...children);
}

/** The side panel for a node: a call's arguments and verdict; content with the evidence of each edge it feeds. */
function describe(node, layout) {
  if (node.type === 'call') {
    const call = node.data;
    showPanel(
      `Call ${call.toolName ?? ''}`,
      definitionList([['call', call.callId], ['session', sessionName(call.session)], ['requested', call.requestedAt], ['verdict', call.provenance ? `${call.provenance.origin ?? ''} ${call.provenance.score?.toFixed(2) ?? ''}` : '']]),
      element('h3', { text: 'Arguments' }),
      json(call.arguments ?? null),
    );
    return;
  }
  const fed = layout.edges.filter((edge) => edge.from === node.id && edge.data?.evidence !== undefined);
  const evidence = fed.flatMap((edge) => {
    const to = layout.nodes.find((n) => n.id === edge.to);
    return [element('h3', { text: `Evidence → ${to?.title ?? ''} (score ${edge.label})` }), json(edge.data.evidence)];
  });
  showPanel(`Content ${node.data.kind ?? ''}`, definitionList([['hash', node.data.hash], ['seq', node.data.seq]]), ...evidence);
}

function show(title, layout, onNode) {
  $('graph-title').textContent = title;
  const container = $('graph');
  drawGraph(container, layout, (node) => {
    markSelected(container, node.id);
    describe(node, layout);
    onNode(node);
  });
}

async function showProvenance(id) {
  clearError();
  const data = await ask(CALL_PROVENANCE_QUERY, { id });
  if (!data) return;
  if (!data.toolCall) return showError('That call is not in this tenant.');
  if (!data.toolCall.provenance) return showError('That call has not been analysed yet.');
  const layout = layoutGraph(provenanceGraph(data.toolCall));
  show(`What caused ${data.toolCall.toolName ?? 'the call'} (${sessionName(data.toolCall.session)})`, layout, (node) => {
    if (node.type === 'content') void showImpact(node.data.hash);
  });
  describe(layout.nodes.find((node) => node.id === layout.root), layout);
}

async function showImpact(hash) {
  const data = await ask(CONTENT_IMPACT_QUERY, { hash });
  if (!data) return;
  if (!data.content) return showError('That content is not in this tenant.');
  const layout = layoutGraph(impactGraph(data.content));
  show(`What ${data.content.kind} ${shortHash(hash)} influenced, in every session`, layout, (node) => {
    if (node.type === 'call') void showProvenance(node.data.id);
  });
}

function start() {
  $('token').value = sessionStorage.getItem(TOKEN_KEY) ?? '';
  $('tenant').value = sessionStorage.getItem(TENANT_KEY) ?? '';
  $('connect').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
    sessionStorage.setItem(TENANT_KEY, $('tenant').value.trim());
    void loadLists();
  });
  $('forget').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(TENANT_KEY);
    $('token').value = '';
    for (const id of ['findings', 'calls', 'graph']) $(id).replaceChildren();
    showPanel('Details', element('p', { className: 'hint', text: 'Token forgotten.' }));
  });
  if ($('token').value) void loadLists();
}

start();
