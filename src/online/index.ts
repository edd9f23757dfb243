// --online: read what the issuers' hosts serve (TLS chains for thumbprint-current) into the model.
import type { Project } from '../model/types.js';

export interface OnlineOptions {
  /** Per-connection timeout. */
  timeoutMs?: number;
  env?: Record<string, string | undefined>;
}

export async function enrichOnline(_project: Project, _options: OnlineOptions = {}): Promise<void> {
  throw new Error('--online is not available yet');
}
