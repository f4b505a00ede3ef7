import { openSync, writeSync, closeSync, statSync, copyFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, expect, it } from 'vitest'
import { backupProblem, restoreStore } from '../../src/main/backup/store-backup'
import { settle } from '../helpers/linked'
import { signedInAs, startTempCore, tempDir, type TempCore } from '../helpers/temp-core'
import { until } from '../helpers/until'

let temp: TempCore | null = null
const folders: Array<{ remove(): void }> = []
afterEach(async () => {
  await temp?.stop()
  temp = null
  for (const folder of folders.splice(0)) folder.remove()
})

it('backs up a store with real work while it runs, checks the copy, and restores it', async () => {
  const backups = tempDir('counter-backups-')
  folders.push(backups)
  temp = await startTempCore({ backup: { folder: backups.path, everyMs: 3_600_000 } })
  await settle(temp.core)
  const alex = await signedInAs(temp.core, 'ajones', '2222')
  const sam = await signedInAs(temp.core, 'spatel', '1111')
  const admin = await signedInAs(temp.core, 'admin', '9999')
  // Real work: requests accepted, which runs their stock check (reservations in the ledger), an RP period opened.
  for (const id of ['fr_F2S5N', 'fr_V1Z0L'])
    expect((await temp.core.call(alex, 'requests.accept', { id })).ok).toBe(true)
  expect((await temp.core.call(sam, 'rp.signIn', {})).ok).toBe(true)
  const before = await temp.core.call(admin, 'premises.overview', {})
  expect(before.ok && before.value.backup.lastGood).toBeNull()

  const made = await temp.core.call(admin, 'premises.backupNow', {})
  if (!made.ok) throw new Error(made.error.message)
  const backup = made.value.lastGood!
  expect(backup.file.startsWith(backups.path)).toBe(true)
  expect(made.value.lastProblem).toBeNull()
  expect(backupProblem(backup.file, temp.core.internals.audit.head())).toMatch(/ends before audit entry/)
  const stageAtBackup = temp.core.internals.requests.get('fr_F2S5N')!.row.stage

  // Work after the backup, which a restore takes back.
  expect((await temp.core.call(alex, 'requests.accept', { id: 'fr_F3H8K' })).ok).toBe(true)
  await temp.core.close()

  const storeFile = join(temp.dir, 'training.sqlite')
  const keptAs = restoreStore(backup.file, storeFile, new Date())
  expect(keptAs && statSync(keptAs).size).toBeGreaterThan(0)
  const core = await temp.restart()
  expect(core.internals.requests.get('fr_F2S5N')!.row.stage).toBe(stageAtBackup)
  expect(core.internals.requests.get('fr_F3H8K')!.row.stage).toBe('new')
  // The restore is never silent: the trail records that the store ends before the head kept outside it.
  const admin2 = await signedInAs(core, 'admin', '9999')
  const verified = await core.call(admin2, 'audit.verify', {})
  expect(verified.ok && verified.value.failures.map((f) => f.kind)).toContain('tail_cut')
})

it('finds a damaged copy and will not restore it', async () => {
  const backups = tempDir('counter-backups-')
  folders.push(backups)
  temp = await startTempCore({ backup: { folder: backups.path, everyMs: 3_600_000 } })
  const status = await temp.core.internals.backup.runOnce(new Date())
  const good = status.lastGood!.file
  const damaged = join(backups.path, 'damaged.sqlite')
  copyFileSync(good, damaged)
  const fd = openSync(damaged, 'r+')
  // Pages in the middle overwritten, as a failing disk or a half-copied file would leave them.
  writeSync(fd, Buffer.alloc(8192, 0x5a), 0, 8192, 8192)
  closeSync(fd)
  expect(backupProblem(damaged, null)).toMatch(/damaged|malformed|not a database/)
  expect(() => restoreStore(damaged, join(temp!.dir, 'training.sqlite'), new Date())).toThrow(/cannot be restored/)

  // A copy that opens but whose index no longer matches its table: only integrity_check finds it.
  const inconsistent = join(backups.path, 'inconsistent.sqlite')
  copyFileSync(good, inconsistent)
  const raw = new Database(inconsistent)
  raw.unsafeMode(true)
  raw.pragma('writable_schema = ON')
  raw
    .prepare("UPDATE sqlite_schema SET sql = replace(sql, '(`stage`,', '(`route`,') WHERE name = 'requests_stage'")
    .run()
  raw.close()
  expect(backupProblem(inconsistent, null)).toMatch(/the copy is damaged: .*index requests_stage/)
})

it('backs up by itself on its schedule, each copy checked, with no one asking', async () => {
  const backups = tempDir('counter-backups-')
  folders.push(backups)
  temp = await startTempCore({ backup: { folder: backups.path, everyMs: 400 } })
  const admin = await signedInAs(temp.core, 'admin', '9999')
  const overview = async () => {
    const answer = await temp!.core.call(admin, 'premises.overview', {})
    if (!answer.ok) throw new Error(answer.error.message)
    return answer.value.backup
  }
  await until(async () => (await overview()).lastGood !== null, 'a first scheduled backup', 15_000)
  const first = (await overview()).lastGood!
  expect((await overview()).lastProblem).toBeNull()
  expect(statSync(first.file).size).toBeGreaterThan(0)
  // And again on the next turn of the schedule.
  await until(async () => (await overview()).lastGood!.finishedAt !== first.finishedAt, 'a second scheduled backup')
  expect(backupProblem((await overview()).lastGood!.file, null)).toBeNull()
})
