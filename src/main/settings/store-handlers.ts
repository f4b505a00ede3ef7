import type Database from 'better-sqlite3'
import type { AuditTrail } from '../audit'
import type { Handlers } from '../contract'
import { compactStore, storeSpace } from '../db'

type StoreCalls = 'store.space' | 'store.compact'

/**
 * The administrator's view of the store's size, and its compaction on demand. Compacting changes
 * no record, so it is not a command in a transaction (VACUUM cannot run in one); its audit entry,
 * with the sizes before and after, is written once it is done.
 */
export function storeHandlers(deps: {
  sqlite: Database.Database
  audit: AuditTrail
  /** Deflates every record kept deflated once final that is not yet (settled events, printed labels). */
  packFinalRecords: () => void
}): Pick<Handlers, StoreCalls> {
  return {
    'store.space': () => storeSpace(deps.sqlite),
    'store.compact': (ctx) => {
      deps.packFinalRecords()
      const { before, after } = compactStore(deps.sqlite)
      deps.sqlite.transaction(() =>
        deps.audit.append({
          at: ctx.now.toISOString(),
          actorId: ctx.actor?.id ?? null,
          actorName: ctx.actor?.displayName ?? null,
          command: 'store.compact',
          entityType: 'settings',
          entityId: 'store',
          summary: { before, after }
        })
      )()
      return after
    }
  }
}
