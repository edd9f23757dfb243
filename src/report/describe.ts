// One-line texts for the parts of a finding that travel with it: origins, module call chain,
// witness token. Plain text; the reporter adds colour.
import { type Range, placeName } from '../core/source.js';
import type { Witness } from '../core/finding.js';
import type { CallFrame } from '../core/resource.js';
import type { Origin } from '../core/value.js';

/**
 * `fixtures/seed/main.tf:18`: the display path (relative to where the scan ran, as in the
 * finding's own header), never a bare file name that several modules share.
 */
export function shortLocation(range: Range): string {
  return `${placeName(range)}:${range.start.line}`;
}

function originLabel(o: Origin): string {
  switch (o.kind) {
    case 'variable-default':
      return `${o.name} default`;
    case 'tfvars':
      return `${o.name} from tfvars`;
    case 'var-file':
      return `${o.name} from --var-file`;
    case 'cli-var':
      return `${o.name} from --var`;
    case 'env-var':
      return `${o.name} from TF_VAR_${o.name.replace(/^var\./, '')}`;
    default:
      return o.name;
  }
}

export function describeOrigins(origins: Origin[]): string {
  return origins.map((o) => (o.range ? `${originLabel(o)} (${shortLocation(o.range)})` : originLabel(o))).join(' → ');
}

export function describeCallChain(chain: CallFrame[]): string {
  return chain.map((c) => `${c.name} (${shortLocation(c.range)})`).join(' → ');
}

/** HCP Terraform's issuer is the common case; naming it on every finding adds only length. */
const DEFAULT_ISSUER = 'https://app.terraform.io';

/** `accepted token: sub = …, aud = … — a plan run of another organization`. */
export function describeWitness(w: Witness): string {
  const claims = (['sub', 'aud', 'iss'] as const)
    .filter((k) => w[k] !== undefined && !(k === 'iss' && w.iss === DEFAULT_ISSUER))
    .map((k) => `${k} = ${w[k]}`);
  const note = w.note ? ` — ${w.note}` : '';
  return `${w.kind} token: ${claims.join(', ')}${note}`;
}

/** Greedy word wrap; a word longer than the width gets a line of its own. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(line);
  return lines;
}
