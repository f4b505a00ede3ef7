import { createHash } from 'node:crypto'
import { createServer, type Server } from 'node:net'
import { deflateRawSync } from 'node:zlib'
import { Placeholder } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import type { Core } from '../../src/main/core'
import { closedPort, startListener, type Listener } from '../helpers/tcp-listeners'
import { systemClock } from '../../src/shared/clock'
import { LABEL_DICTIONARY, LABEL_DICTIONARY_2, labelsJson, packLabels } from '../../src/main/devices/label-packing'
import { packText } from '../../src/main/db'
import { signedInAs, startTempCore } from '../helpers/temp-core'
import { until } from '../helpers/until'

type Started = Awaited<ReturnType<typeof startTempCore>>
let started: Started | undefined
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
  await started?.stop()
  started = undefined
})

async function usePrinter(
  core: Core,
  admin: string,
  port: number,
  timeouts = { connectTimeoutMs: 500, writeTimeoutMs: 800 }
): Promise<void> {
  const current = await core.call(admin, 'devices.status', {})
  if (!current.ok) throw new Error(current.error.message)
  const answer = await core.call(admin, 'devices.setSettings', {
    ...current.value.settings,
    labelPrinter: { kind: 'tcp', host: '127.0.0.1', port, ...timeouts }
  })
  if (!answer.ok) throw new Error(answer.error.message)
  await until(
    () => core.internals.devices.queue.printerStatus().description === `tcp://127.0.0.1:${port}`,
    'the printer setting to apply'
  )
}

/** A core printing to a printer on loopback, and a test label it has printed there. */
async function aTestLabelPrinted(): Promise<{ core: Core; printer: Listener; job: { value: { id: number } } }> {
  started = await startTempCore({ clock: systemClock, printRetry: { baseMs: 20, maxMs: 50 } })
  const printer = await startListener({ kind: 'printer' })
  cleanups.push(() => printer.close())
  const admin = await signedInAs(started.core, 'admin', '9999')
  await usePrinter(started.core, admin, printer.port)
  const job = await started.core.call(admin, 'print.testLabel', {})
  if (!job.ok) throw new Error(job.error.message)
  await until(() => jobState(started!.core, job.value.id) === 'delivered', 'delivery')
  return { core: started.core, printer, job }
}

function jobState(core: Core, id: number): string | undefined {
  return core.internals.devices.queue.job(id)?.state
}

describe('the print queue', () => {
  it('sends a job after its command commits, once, and shows it delivered', async () => {
    const { core, printer } = await aTestLabelPrinted()
    expect(printer.jobs).toHaveLength(1)
    const zpl = printer.jobs[0]!.toString('latin1')
    expect(zpl).toContain('^XA')
    expect(zpl).toContain('^CI28')
    expect(core.internals.audit.list({ limit: 20 }).some((entry) => entry.command === 'print.testLabel')).toBe(true)
  })

  it('keeps the job while the printer refuses, and prints it once when the printer comes back', async () => {
    started = await startTempCore({ clock: systemClock, printRetry: { baseMs: 20, maxMs: 50 } })
    const port = await closedPort()
    const admin = await signedInAs(started.core, 'admin', '9999')
    await usePrinter(started.core, admin, port)
    const job = await started.core.call(admin, 'print.testLabel', {})
    if (!job.ok) throw new Error(job.error.message)
    await until(
      () => (started!.core.internals.devices.queue.job(job.value.id)?.attempts ?? 0) >= 2,
      'a few refused attempts'
    )
    expect(started.core.internals.devices.queue.job(job.value.id)).toMatchObject({
      state: 'retrying',
      lastError: expect.stringMatching(/refused/i)
    })

    const received: Buffer[] = []
    const server: Server = createServer((socket) => {
      const chunks: Buffer[] = []
      socket.on('data', (chunk: Buffer) => chunks.push(chunk))
      socket.on('end', () => {
        received.push(Buffer.concat(chunks))
        socket.end()
      })
    })
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())))
    await until(() => jobState(started!.core, job.value.id) === 'delivered', 'delivery after the printer came back')
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(received.filter((chunk) => chunk.toString('latin1').includes('^XA'))).toHaveLength(1)
  })

  it('never resends a job that may have printed: a person looks and says', async () => {
    started = await startTempCore({ clock: systemClock, printRetry: { baseMs: 20, maxMs: 50 } })
    const dropping = await startListener({ kind: 'drop', afterBytes: 10 })
    cleanups.push(() => dropping.close())
    const admin = await signedInAs(started.core, 'admin', '9999')
    await usePrinter(started.core, admin, dropping.port)
    const first = await started.core.call(admin, 'print.testLabel', {})
    if (!first.ok) throw new Error(first.error.message)
    await until(() => jobState(started!.core, first.value.id) === 'unconfirmed', 'the dropped job to wait for a person')
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(started.core.internals.devices.queue.job(first.value.id)).toMatchObject({
      state: 'unconfirmed',
      attempts: 1
    })

    const printer = await startListener({ kind: 'printer' })
    cleanups.push(() => printer.close())
    await usePrinter(started.core, admin, printer.port)
    const dispenser = await signedInAs(started.core, 'ajones', '2222')
    const notPrinted = await started.core.call(dispenser, 'print.resolveUnconfirmed', {
      id: first.value.id,
      printed: false
    })
    expect(notPrinted).toMatchObject({ ok: true, value: { state: 'queued' } })
    await until(() => jobState(started!.core, first.value.id) === 'delivered', 'the resend')
    expect(printer.jobs).toHaveLength(1)

    const stalled = await startListener({ kind: 'stall' })
    cleanups.push(() => stalled.close())
    await usePrinter(started.core, admin, stalled.port, { connectTimeoutMs: 500, writeTimeoutMs: 300 })
    const second = await started.core.call(admin, 'print.testLabel', {})
    if (!second.ok) throw new Error(second.error.message)
    await until(
      () => ['unconfirmed', 'retrying'].includes(jobState(started!.core, second.value.id) ?? ''),
      'the stalled send to fail'
    )
    if (jobState(started.core, second.value.id) === 'unconfirmed') {
      const printed = await started.core.call(dispenser, 'print.resolveUnconfirmed', {
        id: second.value.id,
        printed: true
      })
      expect(printed).toMatchObject({ ok: true, value: { state: 'delivered' } })
    }
    expect(started.core.internals.devices.queue.jobs()).toHaveLength(2)
  })

  it('reprints a delivered job as a new job, recorded in the audit trail with the reason', async () => {
    const { core, printer, job } = await aTestLabelPrinted()
    const dispenser = await signedInAs(core, 'ajones', '2222')
    // The reason comes from the list; "other" must say why in words.
    expect(await core.call(dispenser, 'print.reprint', { id: job.value.id, reason: 'other', note: '' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' }
    })
    expect(
      await core.call(dispenser, 'print.reprint', { id: job.value.id, reason: 'damaged', labels: [2] })
    ).toMatchObject({ ok: false, error: { message: expect.stringContaining('there is no label 2') } })
    const reprint = await core.call(dispenser, 'print.reprint', {
      id: job.value.id,
      reason: 'other',
      note: 'Label smudged'
    })
    expect(reprint).toMatchObject({ ok: true, value: { reprintOf: job.value.id } })
    if (!reprint.ok) return
    await until(() => jobState(core, reprint.value.id) === 'delivered', 'the reprint')
    expect(printer.jobs.map((data) => data.toString('latin1'))).toEqual([
      printer.jobs[0]!.toString('latin1'),
      printer.jobs[0]!.toString('latin1')
    ])
    const audit = core.internals.audit.list({ limit: 20 }).find((entry) => entry.command === 'print.reprint')
    expect(audit).toMatchObject({
      actorName: 'Alex Jones',
      summary: { reason: 'other', note: 'Label smudged', labels: 'all', reprintOf: job.value.id }
    })
  })

  it('keeps printed labels lean and deflated with the second dictionary, packs again those of a store from before, and reads each back whole', async () => {
    const { core, job } = await aTestLabelPrinted()
    const { queue } = core.internals.devices
    const labels = queue.labelsOf(job.value.id)
    const json = JSON.stringify(labels)
    expect(json).toContain('"runs":[{"kind":"text"')
    const { sqlite } = core.internals.store
    const stored = (id: number) =>
      sqlite
        .prepare(
          'SELECT payload, payload_packed AS old, labels_packed AS packed, labels_dictionary AS dictionary FROM print_jobs WHERE id = ?'
        )
        .get(id) as { payload: string; old: Buffer | null; packed: Buffer | null; dictionary: number | null }
    expect(stored(job.value.id)).toMatchObject({ payload: '', old: null, dictionary: 2 })
    expect(stored(job.value.id).packed!.length).toBeLessThan(packText(json, LABEL_DICTIONARY).length)

    // Printed jobs as a store from before keeps them: as JSON, deflated without a dictionary, and
    // with the first dictionary; and labels not in the counter's own shape (not lean exactly).
    const older = sqlite.prepare(
      `INSERT INTO print_jobs (request_id, kind, labels, payload, payload_packed, labels_packed, state, next_attempt_at, created_at, delivered_at)
       VALUES (NULL, 'test', 1, ?, ?, ?, 'delivered', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z')`
    )
    const asJson = Number(older.run(json, null, null).lastInsertRowid)
    const deflated = Number(older.run('', deflateRawSync(json), null).lastInsertRowid)
    const firstDictionary = Number(older.run('', null, packText(json, LABEL_DICTIONARY)).lastInsertRowid)
    const spaced = JSON.stringify(labels, null, 1)
    const notLean = Number(older.run(spaced, null, null).lastInsertRowid)
    expect(queue.labelsOf(deflated)).toEqual(labels)
    expect(queue.labelsOf(firstDictionary)).toEqual(labels)
    expect(queue.packPrinted()).toBe(4)
    expect(queue.packPrinted()).toBe(0)
    for (const id of [asJson, deflated, firstDictionary]) {
      expect(stored(id)).toMatchObject({ payload: '', old: null, packed: stored(job.value.id).packed, dictionary: 2 })
      expect(queue.labelsOf(id)).toEqual(labels)
    }
    expect(stored(notLean)).toMatchObject({ payload: '', old: null, dictionary: 1 })
    expect(
      labelsJson({ payload: '', payloadPacked: null, labelsPacked: stored(notLean).packed, labelsDictionary: 1 })
    ).toBe(spaced)
    // The dictionaries never change: labels packed with one are read with it.
    expect(createHash('sha256').update(LABEL_DICTIONARY).digest('hex')).toBe(
      '0778ba2da024eff837cb3434fae96d6c1b808c9008f4012a2185ee9cb1b9799d'
    )
    expect(createHash('sha256').update(LABEL_DICTIONARY_2).digest('hex')).toBe(
      '5f4ed968df4215cc83826e00f1d2fbb605d0e84b13fae12fec6d303596d3117f'
    )
  })

  it('packs labels exactly: each lean form reads back as the very JSON it came from', () => {
    const run = (text: string, x: number, width: number) => ({ kind: 'text', text, x, width })
    const line = (text: string, runs: unknown) => ({
      text,
      x: 12,
      baseline: 39,
      fontDots: 29,
      width: 300,
      maxWidth: 583,
      role: 'medicine',
      section: 'header',
      runs
    })
    const shapes = [
      [{ kind: 'dispensing', lines: [line('Meloxicam 15mg tablets', [run('Meloxicam 15mg tablets', 12, 300)])] }],
      // A line with a glyph run, a run that differs from its line, runs in another order of keys.
      [
        {
          kind: 'dispensing',
          lines: [line('Ibuprofen ⚠', [run('Ibuprofen ', 12, 150), { kind: 'glyph', x: 162, width: 20 }])]
        }
      ],
      [{ kind: 'bag', lines: [line('Name', [run('Name', 14, 300)])] }],
      [{ kind: 'bag', lines: [line('Name', [{ text: 'Name', kind: 'text', x: 12, width: 300 }])] }],
      [{ kind: 'bag', lines: [line('Name', 0)] }],
      [{ kind: 'bag', lines: [{ runs: [run('Name', 12, 300)], text: 'Name', x: 12, width: 300 }] }],
      { not: 'a list' }
    ]
    for (const shape of shapes) {
      const json = JSON.stringify(shape)
      const packed = packLabels(json)
      expect(labelsJson({ payload: '', payloadPacked: null, ...packed })).toBe(json)
    }
    expect(packLabels(JSON.stringify(shapes[0])).labelsDictionary).toBe(2)
    expect(packLabels(JSON.stringify(shapes[4])).labelsDictionary).toBe(1)
    expect(labelsJson({ payload: '', payloadPacked: null, ...packLabels('not json') })).toBe('not json')
  })

  it('finds the printed jobs still to pack by their own index, never by reading every printed job', async () => {
    // The queue asks after every pass; on a year's store the index on the state alone reads every label printed.
    started = await startTempCore({ clock: systemClock })
    const { queue } = started.core.internals.devices
    const statements = (queue as unknown as { statements: Record<string, { getQuery(): { sql: string } }> }).statements
    const plan = (
      started.core.internals.store.sqlite
        .prepare(`EXPLAIN QUERY PLAN ${statements.unpacked!.getQuery().sql.replaceAll('?', '200')}`)
        .all() as Array<{ detail: string }>
    ).map((row) => row.detail)
    expect(plan).toEqual(['SCAN print_jobs USING INDEX print_jobs_unpacked'])
  })

  it('finds the jobs still to print, and those caught mid-send, by their own indexes, never by reading every printed job', async () => {
    started = await startTempCore({ clock: systemClock })
    const { queue } = started.core.internals.devices
    type Query = { sql: string; params: unknown[] }
    const statements = (queue as unknown as { statements: Record<string, { getQuery(): Query }> }).statements
    const { sqlite } = started.core.internals.store
    const values: Record<string, unknown> = { now: '2026-01-01T00:00:00.000Z', destinations: '["host"]', limit: 1 }
    const plan = (query: string, params: unknown[] = []) =>
      (sqlite.prepare(`EXPLAIN QUERY PLAN ${query}`).all(...params) as Array<{ detail: string }>).map(
        (row) => row.detail
      )
    // The statement as the queue runs it, its placeholders given values.
    const bound = (name: string): [string, unknown[]] => {
      const { sql, params } = statements[name]!.getQuery()
      return [sql, params.map((param) => (param instanceof Placeholder ? values[param.name] : param))]
    }
    expect(plan(...bound('nextDue'))[0]).toBe(
      'SEARCH print_jobs USING INDEX print_jobs_waiting (state=? AND next_attempt_at<?)'
    )
    expect(plan(...bound('nextAttempt'))[0]).toBe('SEARCH print_jobs USING INDEX print_jobs_waiting (state=?)')
    expect(plan(`UPDATE print_jobs SET state = 'unconfirmed' WHERE "print_jobs"."state" = 'sending'`)).toEqual([
      'SCAN print_jobs USING INDEX print_jobs_sending'
    ])
  })

  it('keeps a job for a system printer where the host cannot reach one (browser mode), saying why', async () => {
    started = await startTempCore({ clock: systemClock, printRetry: { baseMs: 20, maxMs: 50 } })
    const admin = await signedInAs(started.core, 'admin', '9999')
    const current = await started.core.call(admin, 'devices.status', {})
    if (!current.ok) throw new Error(current.error.message)
    const set = await started.core.call(admin, 'devices.setSettings', {
      ...current.value.settings,
      labelPrinter: { kind: 'os', deviceName: 'Zebra ZD421 (USB)' }
    })
    expect(set.ok).toBe(true)
    await until(
      () => started!.core.internals.devices.queue.printerStatus().description === 'system printer "Zebra ZD421 (USB)"',
      'the setting to apply'
    )
    const job = await started.core.call(admin, 'print.testLabel', {})
    if (!job.ok) throw new Error(job.error.message)
    await until(() => jobState(started!.core, job.value.id) === 'retrying', 'the refused job to wait')
    expect(started.core.internals.devices.queue.job(job.value.id)?.lastError).toMatch(/through the Electron app/)
  })
})
