import { createServer, type Socket } from 'node:net'
import { formatHostStatus } from '../../src/main/devices/printers/host-status'

export interface FakePrinter {
  port: number
  /** Every job received in full, as text. */
  jobs: string[]
  close(): Promise<void>
}

/**
 * A network label printer on 127.0.0.1: reads each job to its end, then closes its side (that
 * close is raw port 9100's only acknowledgement), and answers ~HS with the given status. With
 * `acknowledge: false` it reads everything and never closes: the job may or may not have printed.
 */
export async function startFakePrinter({
  port = 0,
  acknowledge = true,
  status = {}
}: {
  port?: number
  acknowledge?: boolean
  status?: Parameters<typeof formatHostStatus>[0]
} = {}): Promise<FakePrinter> {
  const sockets = new Set<Socket>()
  const jobs: string[] = []
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => undefined)
    let received = ''
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8')
      if (received === '~HS') socket.write(formatHostStatus(status))
    })
    socket.on('end', () => {
      if (received !== '' && received !== '~HS') jobs.push(received)
      if (acknowledge || received === '~HS') socket.end()
    })
  })
  await new Promise<void>((resolve) => server.listen({ port, host: '127.0.0.1' }, resolve))
  const address = server.address()
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    jobs,
    close: () => {
      for (const socket of sockets) socket.destroy()
      return new Promise((resolve) => server.close(() => resolve()))
    }
  }
}
