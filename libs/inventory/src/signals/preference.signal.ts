import { quote } from './cues';
import type { FieldText, RawFinding } from './signal';

/**
 * Families of promotional claims. Real servers do boast ("the most powerful, fastest
 * scraper"), so one family is noise; tools built to win the model's choice stack several:
 * social proof, statistics, "premium version", comparisons with the other tools.
 */
const FAMILIES: { name: string; pattern: RegExp }[] = [
  { name: 'social proof', pattern: /\b(?:used|trusted|recommended|preferred|chosen|endorsed|relied on) by\b|\b(?:award[- ]winning|industry[- ](?:standard|leading)|world[- ]class|world's (?:best|leading))\b/i },
  { name: 'statistic', pattern: /\b\d{2,3}(?:\.\d+)?% (?:of (?:professionals|experts|users|developers|companies)|accura\w+|reliab\w+|uptime|success)|\b(?:100|99(?:\.\d+)?)% (?:\w+ )?guarantee/i },
  { name: 'version claim', pattern: /\b(?:premium|ultimate|professional|pro|enterprise(?:-grade)?|advanced|enhanced|official|certified|verified) (?:version|edition|tool)\b|\benterprise-grade\b|\bpinnacle of\b/i },
  { name: 'comparison', pattern: /\b(?:better|superior|more accurate|faster|more reliable) (?:\w+ ){0,4}(?:than|compared to) (?:other|any|the other|all)\b|\bcompared to other\b|\bunmatched\b|\bbest tool for\b/i },
  { name: 'superlative', pattern: /\b(?:the )?(?:best|most (?:advanced|sophisticated|comprehensive|reliable|accurate|powerful|trusted)|ultimate|superior|highest quality|cutting-edge)\b/i },
];

export function preferenceManipulation(field: FieldText): RawFinding[] {
  if (field.isParameter) return [];
  const hits = FAMILIES.map((family) => ({ family, match: family.pattern.exec(field.view.text) })).filter(
    (hit): hit is { family: (typeof FAMILIES)[number]; match: RegExpExecArray } => hit.match !== null,
  );
  if (hits.length < 2) return [];
  const first = hits.reduce((a, b) => (a.match.index <= b.match.index ? a : b));
  return [
    {
      category: 'other',
      signal: 'preference-manipulation',
      weight: hits.length >= 3 ? 0.6 : 0.45,
      why: `promotional claims aimed at winning the model's tool choice (${hits.map((hit) => `${hit.family.name} ${quote(hit.match[0], 30)}`).join(', ')})`,
      start: first.match.index,
      end: first.match.index + first.match[0].length,
    },
  ];
}
