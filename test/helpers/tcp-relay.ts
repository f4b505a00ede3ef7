/** Test support: a TCP relay on 127.0.0.1 standing for the premises network between a bench and the host, which a test can cut. */
import { createConnection, createServer, type Server, type Socket } from 'node:net'

export interface Relay {
  port: number
  /** The cable pulled: open connections dropped, new ones refused, until `restore`. */
  cut(): void
  restore(): void
  close(): Promise<void>
}

export async function startRelay(targetPort: number): Promise<Relay> {
  const sockets = new Set<Socket>()
  let open = true
  const server: Server = createServer((socket) => {
    if (!open) return void socket.destroy()
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort })
    for (const end of [socket, upstream]) {
      sockets.add(end)
      end.on('close', () => sockets.delete(end))
      end.on('error', () => undefined)
    }
    socket.pipe(upstream)
    upstream.pipe(socket)
    socket.on('close', () => upstream.destroy())
    upstream.on('close', () => socket.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    cut() {
      open = false
      for (const socket of sockets) socket.destroy()
    },
    restore() {
      open = true
    },
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
