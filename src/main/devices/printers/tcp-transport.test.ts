import { afterEach, describe, expect, it } from 'vitest'
import { buildDispensingLabel, layoutLabel, toZpl } from '../../labels'
import { LONG_INPUT } from '../../../../test/helpers/label-fixtures'
import { parseZplJob } from '../../../../test/helpers/zpl-decode'
import {
  closedPort,
  startBlackhole,
  startListener,
  type Blackhole,
  type Listener
} from '../../../../test/helpers/tcp-listeners'
import { missingParticulars } from '../../../../test/helpers/label-particulars'
import { TcpPrinterTransport } from './tcp-transport'
import { PrinterTransportError } from './transport'

const job = () => Buffer.from(toZpl(layoutLabel(buildDispensingLabel(LONG_INPUT))), 'ascii')
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.()
})

async function listen(behaviour: Parameters<typeof startListener>[0]): Promise<Listener> {
  const listener = await startListener(behaviour)
  cleanups.push(() => listener.close())
  return listener
}

function transport(
  port: number,
  timeouts: { connectTimeoutMs?: number; writeTimeoutMs?: number; statusTimeoutMs?: number } = {}
) {
  const t = new TcpPrinterTransport({
    host: '127.0.0.1',
    port,
    connectTimeoutMs: 500,
    writeTimeoutMs: 500,
    statusTimeoutMs: 300,
    ...timeouts
  })
  cleanups.push(() => t.close())
  return t
}

async function rejection(promise: Promise<unknown>): Promise<{ error: PrinterTransportError; ms: number }> {
  const started = Date.now()
  const error = await promise.then(
    () => null,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(PrinterTransportError)
  return { error: error as PrinterTransportError, ms: Date.now() - started }
}

describe('TcpPrinterTransport', () => {
  it('delivers several labels as one job that reads back with every particular', async () => {
    const printer = await listen({ kind: 'printer' })
    await transport(printer.port).send(job())
    expect(printer.connections).toBe(1)
    expect(printer.jobs).toHaveLength(1)
    const labels = parseZplJob(printer.jobs[0]?.toString('ascii') ?? '')
    expect(labels.length).toBeGreaterThan(1)
    expect(missingParticulars(labels, LONG_INPUT)).toEqual([])
  })

  it('rejects at once when the connection is refused', async () => {
    const { error, ms } = await rejection(transport(await closedPort()).send(job()))
    expect(error).toMatchObject({ code: 'connection-refused', mayHavePrinted: false, retryable: true })
    expect(ms).toBeLessThan(500)
  })

  it('rejects within the connect timeout when nothing answers', async () => {
    const hole: Blackhole = await startBlackhole()
    cleanups.push(() => hole.close())
    const { error, ms } = await rejection(transport(hole.port, { connectTimeoutMs: 300 }).send(job()))
    expect(error).toMatchObject({ code: 'connect-timeout', mayHavePrinted: false })
    expect(ms).toBeGreaterThanOrEqual(290)
    expect(ms).toBeLessThan(1500)
  })

  it('rejects within the write timeout when the printer stalls', async () => {
    const stall = await listen({ kind: 'stall' })
    const big = Buffer.alloc(64 * 1024 * 1024, 0x41)
    const { error, ms } = await rejection(transport(stall.port, { writeTimeoutMs: 400 }).send(big))
    expect(error).toMatchObject({ code: 'write-timeout', mayHavePrinted: true })
    expect(ms).toBeLessThan(2000)
  })

  it('says "unconfirmed" when a small job was flushed but never acknowledged', async () => {
    for (const kind of ['stall', 'no-ack'] as const) {
      const listener = await listen({ kind })
      const { error, ms } = await rejection(transport(listener.port, { writeTimeoutMs: 300 }).send(job()))
      expect(error).toMatchObject({ code: 'unconfirmed', mayHavePrinted: true })
      expect(ms).toBeLessThan(1500)
    }
  })

  it('rejects when the printer drops the connection mid-job', async () => {
    const dropper = await listen({ kind: 'drop', afterBytes: 1 })
    const big = Buffer.alloc(8 * 1024 * 1024, 0x41)
    const { error, ms } = await rejection(transport(dropper.port, { writeTimeoutMs: 2000 }).send(big))
    expect(error).toMatchObject({ code: 'connection-dropped', mayHavePrinted: true })
    expect(ms).toBeLessThan(2000)
    expect(dropper.jobs).toHaveLength(0)
  })

  it('reads ~HS status where the printer answers, null where it does not', async () => {
    const answering = await listen({ kind: 'printer', status: { paperOut: true, headOpen: true } })
    expect(await transport(answering.port).status()).toMatchObject({
      ready: false,
      problems: ['paper-out', 'head-open']
    })
    const silent = await listen({ kind: 'stall' })
    const started = Date.now()
    expect(await transport(silent.port, { statusTimeoutMs: 200 }).status()).toBeNull()
    expect(Date.now() - started).toBeLessThan(1000)
    await expect(transport(await closedPort()).status()).rejects.toMatchObject({ code: 'connection-refused' })
  })

  it('refuses to send once closed', async () => {
    const printer = await listen({ kind: 'printer' })
    const t = transport(printer.port)
    await t.close()
    await expect(t.send(job())).rejects.toMatchObject({ code: 'closed', retryable: false })
  })
})
