/** The shapes the flag calls answer with. Plain data; words, not codes, for what a person reads. */
import type { FlagKind, FlagSource, FlaggableStep, FlagStatus, ResolutionMethod } from '../flags/kinds'

export interface FlagView {
  id: number
  requestId: string
  lineId: string | null
  kind: FlagKind
  /** Who raised it: intake (what Phensys sent) or the clinical check's safety rules. */
  source: FlagSource
  /** "needs match", "unknown label": the worklist's words. */
  short: string
  /** The sentence a person reads. */
  words: string
  /** Where the value sits in the version it was raised on. */
  path: string
  /** The value as Phensys sent it (JSON); null when the field was missing. */
  raw: string | null
  /**
   * The raw value as a person can read it: invisible characters shown (NUL as ␀), or its JSON.
   * Null for a flag the counter raised itself (safety, dispatch): nothing of it was sent by Phensys.
   */
  rawShown: string | null
  blocks: FlaggableStep[]
  /** "Print labels" — the steps it holds back, in words; empty when it blocks nothing. */
  blocksWords: string
  raisedVersion: number
  raisedAt: string
  status: FlagStatus
  /** What a person may do with it now (besides a query to Phensys). */
  resolutions: ResolutionMethod[]
  /** For hidden characters: the text a label prints, which a person confirms. */
  cleanedText: string | null
  /** A product match waiting for a pharmacist. */
  proposal: ProductMatchProposal | null
  resolution: { method: ResolutionMethod; words: string; by: string; at: string } | null
  /** Closed by a newer version that no longer carries the cause. */
  closed: { version: number; at: string } | null
}

export interface ProductMatchProposal {
  dmdId: string
  name: string
  level: 'VMP' | 'AMP'
  by: string
  at: string
}
