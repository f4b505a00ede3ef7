/** Test support: TCP listeners on 127.0.0.1 standing in for network label printers, good and bad. */
import { spawn, type ChildProcess } from 'node:child_process'
import { createConnection, createServer, type Server, type Socket } from 'node:net'
import { formatHostStatus } from '../../src/main/devices/printers/host-status'

export interface Listener {
  port: number
  /** Every job received in full (the connection ended by the client). */
  jobs: Buffer[]
  connections: number
  close(): Promise<void>
}

export type ListenerBehaviour =
  /** Reads the job to its end, then closes: a working printer. Answers ~HS when `status` is given. */
  | { kind: 'printer'; status?: Parameters<typeof formatHostStatus>[0] }
  /** Accepts and never reads or closes. */
  | { kind: 'stall' }
  /** Reads `afterBytes` bytes, then resets the connection. */
  | { kind: 'drop'; afterBytes: number }
  /** Accepts, reads everything, never closes its side. */
  | { kind: 'no-ack' }

/** A listener of this behaviour; on `port` when given (a printer coming back where it was). */
export async function startListener(behaviour: ListenerBehaviour, port = 0): Promise<Listener> {
  const sockets = new Set<Socket>()
  const listener: Listener = { port: 0, jobs: [], connections: 0, close: async () => undefined }
  const server: Server = createServer({ allowHalfOpen: true }, (socket) => {
    listener.connections++
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => undefined)
    if (behaviour.kind === 'stall') {
      socket.pause()
      return
    }
    const chunks: Buffer[] = []
    let received = 0
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk)
      received += chunk.length
      if (behaviour.kind === 'drop' && received >= behaviour.afterBytes) socket.resetAndDestroy()
      if (
        behaviour.kind === 'printer' &&
        behaviour.status &&
        Buffer.concat(chunks).toString('latin1').includes('~HS')
      ) {
        socket.write(formatHostStatus(behaviour.status))
      }
    })
    socket.on('end', () => {
      const job = Buffer.concat(chunks)
      if (job.toString('latin1') !== '~HS') listener.jobs.push(job)
      if (behaviour.kind === 'printer') socket.end()
    })
  })
  await new Promise<void>((resolve) => server.listen({ port, host: '127.0.0.1' }, resolve))
  const address = server.address()
  listener.port = typeof address === 'object' && address ? address.port : 0
  listener.close = () => {
    for (const socket of sockets) socket.destroy()
    return new Promise((resolve) => server.close(() => resolve()))
  }
  return listener
}

/** A port with nothing listening (connection refused). */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1' }, resolve))
  const address = server.address()
  await new Promise((resolve) => server.close(resolve))
  return typeof address === 'object' && address ? address.port : 0
}

export interface Blackhole {
  port: number
  close(): Promise<void>
}

/**
 * A listener whose accept queue is full: new connections hang in SYN-SENT, as with a printer that
 * is switched off behind a switch. A child process listens with backlog 1 and blocks its event
 * loop, so it never accepts; we fill the queue ourselves.
 */
export async function startBlackhole(): Promise<Blackhole> {
  const script = `
    const net = require('node:net'); const fs = require('node:fs')
    const server = net.createServer()
    server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
      fs.writeSync(1, server.address().port + '\\n')
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000)
    })`
  const child: ChildProcess = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] })
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())))
    child.once('exit', () => reject(new Error('blackhole exited')))
  })
  const fillers: Socket[] = []
  for (let i = 0; i < 8; i++) {
    const socket = createConnection({ port, host: '127.0.0.1' })
    socket.on('error', () => undefined)
    const connected = await new Promise<boolean>((resolve) => {
      socket.once('connect', () => resolve(true))
      setTimeout(() => resolve(false), 300)
    })
    if (!connected) {
      socket.destroy()
      break
    }
    fillers.push(socket)
  }
  return {
    port,
    close: async () => {
      for (const socket of fillers) socket.destroy()
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGKILL')
      await exited
    }
  }
}
