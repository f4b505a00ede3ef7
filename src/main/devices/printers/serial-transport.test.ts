import { SerialPort } from 'serialport'
import { afterEach, describe, expect, it } from 'vitest'
import { buildDispensingLabel, layoutLabel, toZpl } from '../../labels'
import { LONG_INPUT, SIMPLE_INPUT } from '../../../../test/helpers/label-fixtures'
import { parseZplJob } from '../../../../test/helpers/zpl-decode'
import { startPtyPair, type PtyPair } from '../../../../test/helpers/socat'
import { formatHostStatus } from './host-status'
import { missingParticulars } from '../../../../test/helpers/label-particulars'
import { SerialPrinterTransport } from './serial-transport'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.()
})

async function pair(): Promise<PtyPair> {
  const p = await startPtyPair()
  cleanups.push(() => p.stop())
  return p
}

/** The simulated printer: the far end of the pty pair. */
async function openDevice(
  path: string
): Promise<{ port: SerialPort; received: () => string; answerStatus: (s: string) => void }> {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false })
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())))
  cleanups.push(() => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())))
  let data = ''
  let statusReply: string | null = null
  port.on('data', (chunk: Buffer) => {
    data += chunk.toString('latin1')
    if (statusReply !== null && data.endsWith('~HS')) port.write(statusReply)
  })
  return {
    port,
    received: () => data,
    answerStatus: (reply) => {
      statusReply = reply
    }
  }
}

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

describe('SerialPrinterTransport over a socat pty pair', () => {
  it('writes ZPL the printer end reads back with every required particular', async () => {
    const ptys = await pair()
    const device = await openDevice(ptys.devicePath)
    const transport = new SerialPrinterTransport({ path: ptys.appPath, baudRate: 9600 })
    cleanups.push(() => transport.close())

    for (const input of [SIMPLE_INPUT, LONG_INPUT]) {
      const before = device.received().length
      const layouts = layoutLabel(buildDispensingLabel(input))
      await transport.send(Buffer.from(toZpl(layouts), 'ascii'))
      await until(() => (device.received().slice(before).match(/\^XZ/g) ?? []).length === layouts.length)
      const labels = parseZplJob(device.received().slice(before))
      expect(labels).toHaveLength(layouts.length)
      expect(missingParticulars(labels, input)).toEqual([])
    }
  })

  it('reads ~HS status from the line, or null when the printer stays silent', async () => {
    const ptys = await pair()
    const device = await openDevice(ptys.devicePath)
    const transport = new SerialPrinterTransport({ path: ptys.appPath, statusTimeoutMs: 300 })
    cleanups.push(() => transport.close())
    expect(await transport.status()).toBeNull()
    device.answerStatus(formatHostStatus({ paused: true }))
    expect(await transport.status()).toMatchObject({ ready: false, problems: ['paused'] })
  })

  it('rejects with port-unavailable when the port is missing, then works when it comes back', async () => {
    const ptys = await pair()
    await ptys.stop()
    const transport = new SerialPrinterTransport({ path: ptys.appPath, openTimeoutMs: 500 })
    cleanups.push(() => transport.close())
    await expect(transport.send(Buffer.from('^XA^XZ'))).rejects.toMatchObject({
      code: 'port-unavailable',
      mayHavePrinted: false
    })
    await ptys.restart()
    const device = await openDevice(ptys.devicePath)
    await transport.send(Buffer.from('^XA^FDback^FS^XZ'))
    await until(() => device.received().includes('^XZ'))
    expect(device.received()).toBe('^XA^FDback^FS^XZ')
  })
})
