// What an issuer profile says, as data: which hosts it issues from, what its `sub` looks like
// (the shapes, their segments and what a wildcard in each admits), its audience conventions,
// and how its tokens read to people. Rules never branch on an issuer's id; they read these fields.
// Facts and sources: docs/issuers.md.
import type { Severity } from '../../core/finding.js';

/**
 * Which existing wildcard rule reports a segment left open: the tenant anyone can create
 * (organization), a grouping inside it (project), the unit that runs (workspace), and which of its
 * runs (runPhase: ref, environment, step).
 */
export type SegmentDimension = 'organization' | 'project' | 'workspace' | 'runPhase';

export interface Segment {
  dimension: SegmentDimension;
  /** "repository owner", "service account". */
  noun: string;
  /** Characters a real value may hold (a RegExp character-class body); names outside it are not tried. */
  chars: string;
  /** Names an outsider's token could carry here (the witness of an open segment). */
  outsiders: string[];
  /** A plausible value, tried when the policy's own patterns name none (a segment `*` swallowed). */
  sample: string;
  /**
   * Report the segment open only when an outsider's value gets in (a leading `*`, a bare `*`): for a
   * grammar we do not model, a wildcard after a literal prefix is taken as deliberate.
   */
  outsiderOnly?: boolean;
  /** The issuer URL already pins it (CircleCI's org): tokens of another value come from another issuer. */
  fixedByIssuer?: boolean;
  /** How bad it is when this segment is open, and why (one clause for the message). */
  severity: Severity;
  consequence: string;
}

export interface SubShape {
  id: string;
  /** The `sub` with `<segment>` placeholders: `repo:<owner>/<repo>:ref:<ref>`. A placeholder at the
   *  end takes the rest of the value (a ref may hold `/` and `:`); others stop at the next literal. */
  template: string;
  /** The token in words, with the same placeholders: "a workflow run on <ref> of <owner>/<repo>". */
  describe: string;
}

export interface IssuerGrammar {
  segments: Record<string, Segment>;
  shapes: SubShape[];
}

export interface IssuerProfileData {
  id: string;
  name: string;
  /** HCP Terraform / Terraform Enterprise: the deepest grammar (src/trust/claims.ts) applies. */
  terraform: boolean;
  /** Host patterns (lower case, `*` = any run without `/`); the issuer URL without https://. */
  hosts: string[];
  /** A `sub` prefix that identifies the issuer on a host nobody lists (self-managed GitLab, GHES). */
  subPrefixes?: string[];
  /** The audience its tokens carry for AWS unless configured otherwise. */
  defaultAudience?: string;
  /** How the audience is chosen, for messages: "the job's id_tokens aud". */
  audienceNote: string;
  /** Severity of a trust with no `aud` condition (STS still checks the provider's client IDs). */
  missingAudSeverity: Severity;
  /** Severity and reach of a trust with no `sub` condition. */
  missingSub: { severity: Severity; who: string };
  /** AWS verifies this issuer's JWKS endpoint with its trusted root CAs: thumbprints are not used. */
  thumbprintIgnored: boolean;
  /** The issuer's own documentation of its tokens. */
  docs: string;
  /** What runs are called: "workflow runs", "jobs", "pods". */
  runs: string;
  /** A `sub` value that pins one unit, for fixes. */
  exampleSub: string;
  grammar?: IssuerGrammar;
}
