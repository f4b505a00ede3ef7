import { existsSync, mkdirSync, renameSync, rmSync, copyFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import Database from 'better-sqlite3'
import { desc, eq } from 'drizzle-orm'
import type { BackupStatusView } from '../../shared/contract'
import type { AuditHead } from '../../shared/contract'
import type { AuditTrail } from '../audit'
import { counterDb, type CounterDb, auditLog, backups } from '../db'
import { CounterError } from '../errors'

export interface BackupSchedule {
  /** A second location: another disk, or a share, never the data folder itself. */
  folder: string
  everyMs: number
}

interface StoreBackupDeps {
  sqlite: Database.Database
  db: CounterDb
  audit: AuditTrail
  schedule: BackupSchedule | null
  nativeBinding?: string | undefined
  log: (message: string, error?: unknown) => void
}

/** What is wrong with a copy of the store, or null when it is whole and holds the trail up to `head`. */
export function backupProblem(file: string, head: AuditHead | null, nativeBinding?: string): string | null {
  let copy: Database.Database | null = null
  try {
    copy = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) })
    const lines = (copy.pragma('integrity_check', { simple: false }) as Array<{ integrity_check: string }>).map(
      (row) => row.integrity_check
    )
    if (lines.join() !== 'ok') return `the copy is damaged: ${lines.slice(0, 3).join('; ')}`
    if (!head) return null
    const entry = counterDb(copy).select().from(auditLog).where(eq(auditLog.seq, head.seq)).get()
    if (!entry) return `the copy ends before audit entry ${head.seq}, which the store held when the backup began`
    if (entry.hash.toString('hex') !== head.hash) return `audit entry ${head.seq} in the copy is not the store's`
    return null
  } catch (error) {
    // SQLite refusing to read it at all (not a database, malformed) is damage too.
    return `the copy is damaged: ${(error as Error).message}`
  } finally {
    copy?.close()
  }
}

/**
 * Online backups of the host's store with SQLite's backup API (the counter keeps working while it
 * copies), to a second location on a schedule. Each copy is opened afterwards and checked: whole
 * (`integrity_check`) and holding the audit trail as far as the store held it when the copy began.
 */
export class StoreBackup {
  private timer: NodeJS.Timeout | null = null
  private running: Promise<BackupStatusView> | null = null

  constructor(private readonly deps: StoreBackupDeps) {}

  start(): void {
    const schedule = this.deps.schedule
    if (!schedule || this.timer) return
    this.timer = setInterval(() => void this.runOnce(new Date()).catch(() => undefined), schedule.everyMs)
    this.timer.unref()
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.running?.catch(() => undefined)
  }

  /** One backup now (a second asked for while one runs waits for it). Records the outcome and audits it. */
  runOnce(now: Date): Promise<BackupStatusView> {
    this.running ??= this.backUp(now).finally(() => {
      this.running = null
    })
    return this.running
  }

  status(): BackupStatusView {
    const { db, schedule } = this.deps
    const lastGood = db.select().from(backups).where(eq(backups.verified, true)).orderBy(desc(backups.id)).get()
    const last = db.select().from(backups).orderBy(desc(backups.id)).get()
    return {
      folder: schedule?.folder ?? null,
      lastGood: lastGood
        ? { file: lastGood.file, finishedAt: lastGood.finishedAt, auditEntries: lastGood.auditEntries }
        : null,
      lastProblem:
        last && !last.verified ? { finishedAt: last.finishedAt, problem: last.problem ?? 'not checked' } : null
    }
  }

  private async backUp(now: Date): Promise<BackupStatusView> {
    const { sqlite, db, audit, schedule, log } = this.deps
    if (!schedule)
      throw new CounterError(
        'precondition_failed',
        'No backup folder is set for this host: start it with --backup-dir.'
      )
    mkdirSync(schedule.folder, { recursive: true, mode: 0o700 })
    const stamp = now.toISOString().replace(/[:.]/g, '-')
    const file = join(schedule.folder, `counter-${stamp}.sqlite`)
    const head = audit.head()
    let problem: string | null
    try {
      await sqlite.backup(file)
      problem = backupProblem(file, head, this.deps.nativeBinding)
    } catch (error) {
      problem = `the copy could not be made: ${(error as Error).message}`
    }
    if (problem) log(`backup to ${file} failed: ${problem}`)
    const finishedAt = new Date().toISOString()
    sqlite.transaction(() => {
      db.insert(backups)
        .values({
          file,
          startedAt: now.toISOString(),
          finishedAt,
          verified: problem === null,
          problem,
          auditEntries: head?.seq ?? 0
        })
        .run()
      audit.append({
        at: finishedAt,
        actorId: null,
        actorName: null,
        command: problem ? 'backup.failed' : 'backup.made',
        entityType: 'store',
        entityId: basename(file),
        summary: problem ? { problem } : { auditEntries: head?.seq ?? 0 }
      })
    })()
    return this.status()
  }
}

/**
 * Puts a checked backup in place of the store, with the app stopped: the store as it was is kept
 * beside it (`<store>.before-restore-<time>`), never deleted. Returns where it was kept.
 */
export function restoreStore(backupFile: string, storeFile: string, now: Date, nativeBinding?: string): string | null {
  const problem = backupProblem(backupFile, null, nativeBinding)
  if (problem) throw new Error(`${backupFile} cannot be restored: ${problem}`)
  let keptAs: string | null = null
  if (existsSync(storeFile)) {
    keptAs = `${storeFile}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`
    renameSync(storeFile, keptAs)
    for (const suffix of ['-wal', '-shm']) {
      if (existsSync(storeFile + suffix)) renameSync(storeFile + suffix, keptAs + suffix)
    }
  }
  rmSync(storeFile + '-wal', { force: true })
  rmSync(storeFile + '-shm', { force: true })
  copyFileSync(backupFile, storeFile)
  return keptAs
}
