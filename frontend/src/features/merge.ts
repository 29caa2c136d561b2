import { draftOf, type Draft } from './content';

/** What the server holds when a save came back 412. */
export interface ServerCase {
  title: string;
  target_jurisdictions: string[];
  content: Record<string, unknown>;
  version: number;
}

export type ConflictChoice = 'mine' | 'theirs';

export interface Resolution {
  draft: Draft;
  /** The version to send as If-Match next. */
  version: number;
  /** Whether the draft must be saved again (keeping mine overwrites the server's version). */
  resave: boolean;
}

/**
 * The person chose: keep theirs → re-PUT their draft against the server's version;
 * take the server's → drop local edits and continue from the server's version.
 */
export function resolveConflict(choice: ConflictChoice, mine: Draft, server: ServerCase): Resolution {
  if (choice === 'mine') return { draft: mine, version: server.version, resave: true };
  return { draft: draftOf(server), version: server.version, resave: false };
}

/** Top-level sections that differ between the two versions (shown first in the conflict dialog). */
export function differingSections(mine: Draft, server: ServerCase): string[] {
  const out: string[] = [];
  if (mine.title !== server.title) out.push('title');
  if (JSON.stringify(mine.target_jurisdictions) !== JSON.stringify(server.target_jurisdictions)) out.push('target_jurisdictions');
  const keys = new Set([...Object.keys(mine.content), ...Object.keys(server.content)]);
  for (const k of [...keys].sort()) {
    if (JSON.stringify(mine.content[k] ?? null) !== JSON.stringify(server.content[k] ?? null)) out.push(k);
  }
  return out;
}
