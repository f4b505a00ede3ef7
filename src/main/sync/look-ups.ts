/** A feed entry kept for a person while its snapshot is awaited: its row, and the payload's hash it was kept with. */
export interface KeptEntry {
  id: number
  hash: string
}

export interface LookUp {
  /** Failed look-ups so far. */
  tries: number
  /** Not asked again before this (backoff, or Phensys's `Retry-After`). */
  nextAt: string
  /** The entry shown to a person while the snapshot is awaited; none for a re-sync's look-up. */
  kept: KeptEntry | null
  reason: string
}

type AllLookUps = Record<string, LookUp>

/**
 * Requests whose snapshot Phensys did not give when the counter asked (an entry of the feed without
 * one, a re-sync's look-up), asked again at later pulls until Phensys answers. Kept in `sync_state`,
 * written in the transaction that moves the cursor past them, so a restart forgets none.
 */
export class LookUps {
  constructor(
    private readonly state: {
      read: () => AllLookUps | null
      write: (all: AllLookUps) => void
    }
  ) {}

  get(requestId: string): LookUp | undefined {
    return this.all()[requestId]
  }

  put(requestId: string, lookUp: LookUp): void {
    this.state.write({ ...this.all(), [requestId]: lookUp })
  }

  remove(requestId: string): void {
    const { [requestId]: _gone, ...rest } = this.all()
    this.state.write(rest)
  }

  /** The look-ups whose time has come, the longest due first. */
  due(now: Date): Array<[string, LookUp]> {
    const at = now.toISOString()
    return Object.entries(this.all())
      .filter(([, lookUp]) => lookUp.nextAt <= at)
      .sort(([, a], [, b]) => a.nextAt.localeCompare(b.nextAt))
  }

  private all(): AllLookUps {
    return this.state.read() ?? {}
  }
}
