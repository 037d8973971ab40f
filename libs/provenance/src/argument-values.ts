import { normaliseNeedle } from './text-match';
import type { ArgumentValue, ValueKind } from './types';

/** A string argument longer than this (or with more words) is free text, searched for entities. */
const ATOMIC_MAX_CHARS = 80;
const ATOMIC_MAX_WORDS = 6;
/** Bounds per call, so a huge argument cannot make scoring quadratic. */
const MAX_VALUES_PER_CALL = 64;
const MAX_DEPTH = 8;

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
const URL_LIKE = /\b(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[\p{L}\p{N}-]+\.)+(?:[a-z]{2,24})(?::\d+)?(?:\/[^\s"'<>)\]]*)?/giu;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g;
const PATH = /(?:~|\.{1,2})?\/?(?:[\w.-]+\/)+[\w.-]+|\b[\w-]+\.(?:txt|pdf|docx?|xlsx?|csv|json|md|png|jpe?g|zip|ics|pptx?|html?)\b/gi;
const LONG_NUMBER = /\b\d[\d -]{3,}\d\b/g;
const TOKEN = /\b(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{8,}\b/g;
const PROPER_NAME = /\b\p{Lu}[\p{Ll}'’-]{2,}(?: \p{Lu}[\p{Ll}'’-]{2,})*/gu;

/** `file_id`, `eventId`, `ids.0`, `number` (an issue or PR): an id argument, whose short values still identify one thing. */
const ID_ARGUMENT = /(?:^|[._])ids?(?:$|[._])|_id(?:$|\.)|[a-z]Ids?(?:$|\.)|(?:^|\.)(?:number|num|nr|no)$/;

/** A bare short name says little; a multi-word proper name ("Riverside View Hotel") a lot. */
function nameWeight(needle: string): number {
  if (needle.length < 4) return 0.6;
  return needle.includes(' ') ? 0.95 : KIND_WEIGHT.name;
}

/** A URL's host alone says a little less than the full URL. */
const HOST_WEIGHT = 0.9;

/** Words too common to identify anything, even when they fill a whole argument. */
const TRIVIAL = new Set(['true', 'false', 'none', 'null', 'yes', 'no', 'all', 'the', 'and', 'ok', 'asc', 'desc', 'default']);

const KIND_WEIGHT: Record<ValueKind, number> = {
  email: 1,
  url: 1,
  iban: 1,
  path: 0.95,
  token: 0.95,
  number: 0.85,
  name: 0.85,
  // Names inside free text are corroboration only: below the flagging threshold alone.
  'text-entity': 0.4,
};

/**
 * The values of a call's arguments worth tracing: whole short strings (a recipient, a
 * channel, an id) and, inside free text (a message body), the entities that address
 * something — e-mails, URLs, IBANs, paths, long numbers, tokens, proper names.
 */
export function argumentValues(args: Record<string, unknown>): ArgumentValue[] {
  const out = new Map<string, ArgumentValue>();
  const add = (argument: string, raw: string, kind: ValueKind, weightOverride?: number): void => {
    const needle = normaliseNeedle(raw);
    // Short values are only specific enough when the argument says it holds an id.
    const minLength = kind === 'token' && ID_ARGUMENT.test(argument) ? 1 : 3;
    if (needle.length < minLength || TRIVIAL.has(needle) || out.size >= MAX_VALUES_PER_CALL) return;
    const previous = out.get(needle);
    const weight = weightOverride ?? (kind === 'name' ? nameWeight(needle) : KIND_WEIGHT[kind]);
    if (previous === undefined || previous.weight < weight) out.set(needle, { argument, raw, needle, kind, weight });
  };
  const addHost = (argument: string, url: string): void => {
    const host = /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^/?#]+)[/?#]./i.exec(url)?.[1];
    if (host !== undefined) add(argument, host, 'url', HOST_WEIGHT);
  };
  walk(args, '', 0, (path, text) => {
    const trimmed = text.trim();
    const atomic = trimmed.length <= ATOMIC_MAX_CHARS && trimmed.split(/\s+/).length <= ATOMIC_MAX_WORDS;
    if (atomic) add(path, trimmed, ID_ARGUMENT.test(path) && !/\s/.test(trimmed) ? 'token' : classify(trimmed));
    // A single token is one value (`/srv/report-2024.csv` is a path, not also a URL
    // `report-2024.csv`); only text with spaces is searched for entities inside it.
    if (atomic && !/\s/.test(trimmed)) {
      if (classify(trimmed) === 'url') addHost(path, trimmed);
      return;
    }
    // Each entity is blanked once found, so the domain of an e-mail or the words of a
    // URL are not traced again as values of their own.
    let rest = trimmed;
    for (const [kind, pattern] of ENTITY_PATTERNS) {
      rest = rest.replace(pattern, (match) => {
        add(path, match, kind);
        // The host of a URL with a path: the agent may change the path an instruction gave.
        if (kind === 'url') addHost(path, match);
        return ' '.repeat(match.length);
      });
    }
  });
  return [...out.values()];
}

const ENTITY_PATTERNS: [ValueKind, RegExp][] = [
  ['email', EMAIL],
  ['url', URL_LIKE],
  ['iban', IBAN],
  ['path', PATH],
  ['number', LONG_NUMBER],
  ['token', TOKEN],
  ['text-entity', PROPER_NAME],
];

function classify(value: string): ValueKind {
  if (/^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i.test(value)) return 'email';
  if (/^[A-Z]{2}\d{2}[A-Z0-9 ]{10,}$/.test(value)) return 'iban';
  if (/^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[\w-]+\.)+[a-z]{2,24}(?:[:/]\S*)?$/i.test(value)) return 'url';
  if (/^[\d\s+().-]{5,}$/.test(value) && /\d{4,}/.test(value.replace(/\D/g, ''))) return 'number';
  if (/[/\\]/.test(value) || /\.[a-z0-9]{2,5}$/i.test(value)) return 'path';
  if (/^(?=.*\d)(?=.*[a-z])[\w-]{8,}$/i.test(value)) return 'token';
  return 'name';
}

function walk(value: unknown, path: string, depth: number, visit: (path: string, text: string) => void): void {
  if (depth > MAX_DEPTH) return;
  if (typeof value === 'string') visit(path, value);
  else if (typeof value === 'number' && Number.isInteger(value) && (Math.abs(value) >= 1000 || ID_ARGUMENT.test(path))) visit(path, String(value));
  else if (Array.isArray(value)) value.forEach((item, i) => walk(item, path === '' ? String(i) : `${path}.${i}`, depth + 1, visit));
  else if (value !== null && typeof value === 'object') {
    for (const [key, member] of Object.entries(value)) walk(member, path === '' ? key : `${path}.${key}`, depth + 1, visit);
  }
}
