/**
 * Invisible and format characters: what a person reviewing a tool in a host's UI does not
 * see but the model reads. Each kind is reported on its own because their base rates in
 * real descriptions differ: tag characters and bidi overrides have no business in a tool
 * description, a lone zero-width space can be a copy-paste accident.
 */
export type InvisibleKind = 'tag' | 'bidi-override' | 'bidi-embedding' | 'zero-width' | 'variation-selector' | 'filler';

export interface InvisibleRun {
  kind: InvisibleKind;
  /** UTF-16 offsets of the first and past the last character of this kind. */
  start: number;
  end: number;
  count: number;
}

/** A text the scanner reads, with the original offset of each of its UTF-16 units. */
export interface TextView {
  kind: 'visible' | 'tag-decoded' | 'bidi-reversed';
  text: string;
  origin: number[];
}

export function invisibleKind(codePoint: number): InvisibleKind | undefined {
  if (codePoint >= 0xe0000 && codePoint <= 0xe007f) return 'tag';
  if (codePoint === 0x202d || codePoint === 0x202e) return 'bidi-override';
  if ((codePoint >= 0x202a && codePoint <= 0x202c) || (codePoint >= 0x2066 && codePoint <= 0x2069)) return 'bidi-embedding';
  if (
    (codePoint >= 0x200b && codePoint <= 0x200f) ||
    (codePoint >= 0x2060 && codePoint <= 0x2064) ||
    codePoint === 0xfeff ||
    codePoint === 0x180e ||
    codePoint === 0x061c ||
    codePoint === 0x034f
  ) {
    return 'zero-width';
  }
  if ((codePoint >= 0xfe00 && codePoint <= 0xfe0f) || (codePoint >= 0xe0100 && codePoint <= 0xe01ef)) return 'variation-selector';
  if (codePoint === 0x00ad || codePoint === 0x115f || codePoint === 0x1160 || codePoint === 0x3164 || codePoint === 0xffa0) return 'filler';
  return undefined;
}

const PICTOGRAPHIC = /\p{Extended_Pictographic}|\p{Regional_Indicator}|[\u{1F3FB}-\u{1F3FF}]/u;
const JOINING_LETTER = /[\p{Script=Arabic}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Sinhala}\p{Script=Malayalam}\p{Script=Kannada}\p{Script=Telugu}\p{Script=Tamil}]/u;

/**
 * Legitimate uses that must not count: ZWJ and VS-16 inside emoji sequences, ZWNJ/ZWJ
 * between letters of scripts that shape with them, and a byte-order mark at offset 0.
 */
function legitimate(offset: number, codePoint: number, previous: string | undefined, next: string | undefined): boolean {
  if (codePoint === 0xfeff && offset === 0) return true;
  const besideEmoji = (previous !== undefined && PICTOGRAPHIC.test(previous)) || (next !== undefined && PICTOGRAPHIC.test(next));
  if ((codePoint === 0x200d || codePoint === 0xfe0f || codePoint === 0xfe0e) && besideEmoji) return true;
  return (codePoint === 0x200c || codePoint === 0x200d) && previous !== undefined && JOINING_LETTER.test(previous);
}

/** Invisible characters by kind, legitimate uses excluded. */
export function invisibleRuns(text: string): InvisibleRun[] {
  const runs = new Map<InvisibleKind, InvisibleRun>();
  const chars = [...text];
  let offset = 0;
  chars.forEach((char, index) => {
    const codePoint = char.codePointAt(0) as number;
    const kind = invisibleKind(codePoint);
    if (kind !== undefined && !legitimate(offset, codePoint, chars[index - 1], chars[index + 1])) {
      const run = runs.get(kind);
      if (run === undefined) runs.set(kind, { kind, start: offset, end: offset + char.length, count: 1 });
      else {
        run.end = offset + char.length;
        run.count += 1;
      }
    }
    offset += char.length;
  });
  return [...runs.values()];
}

/**
 * The texts a model may effectively read from one field: the visible characters (so
 * words split by zero-width characters are whole again), the ASCII spelled by tag
 * characters, and spans under a right-to-left override read in display order.
 */
export function textViews(text: string): TextView[] {
  const visible: TextView = { kind: 'visible', text: '', origin: [] };
  const decoded: TextView = { kind: 'tag-decoded', text: '', origin: [] };
  let offset = 0;
  for (const char of text) {
    const codePoint = char.codePointAt(0) as number;
    if (codePoint >= 0xe0020 && codePoint <= 0xe007e) {
      decoded.text += String.fromCharCode(codePoint - 0xe0000);
      decoded.origin.push(offset);
    } else if (invisibleKind(codePoint) === undefined) {
      for (let unit = 0; unit < char.length; unit += 1) {
        visible.text += char[unit];
        visible.origin.push(offset + unit);
      }
    }
    offset += char.length;
  }
  const views = [visible];
  if (decoded.text.trim() !== '') views.push(decoded);
  const reversed = reverseOverrides(text);
  if (reversed !== undefined) views.push(reversed);
  return views;
}

/** Reverses the visible text between U+202E/U+202B and the matching pop (or line end). */
function reverseOverrides(text: string): TextView | undefined {
  if (!/[\u202b\u202e]/.test(text)) return undefined;
  const view: TextView = { kind: 'bidi-reversed', text: '', origin: [] };
  const segment = /[\u202b\u202e]([^\u202c\u2069\n]*)/g;
  let last = 0;
  for (const match of text.matchAll(segment)) {
    const start = match.index ?? 0;
    appendVisible(view, text, last, start, false);
    appendVisible(view, text, start + 1, start + match[0].length, true);
    last = start + match[0].length;
  }
  appendVisible(view, text, last, text.length, false);
  return view;
}

function appendVisible(view: TextView, text: string, from: number, to: number, reverse: boolean): void {
  const units: { char: string; at: number }[] = [];
  for (let at = from; at < to; at += 1) {
    const codeUnit = text.charCodeAt(at);
    if (invisibleKind(codeUnit) === undefined && !(codeUnit >= 0xd800 && codeUnit <= 0xdfff)) units.push({ char: text[at] as string, at });
  }
  if (reverse) units.reverse();
  for (const unit of units) {
    view.text += unit.char;
    view.origin.push(unit.at);
  }
}
