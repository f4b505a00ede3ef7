import type { CallResponse } from '../errors'
import type { CounterEvent } from './events'

/**
 * What a host gives the renderer: one way to call, one way to hear events. The Electron preload
 * exposes it as `window.counter`; in browser mode the renderer builds it over the loopback socket.
 */
export interface CounterBridge {
  invoke(name: string, input: unknown): Promise<CallResponse<unknown>>
  onEvent(listener: (event: CounterEvent) => void): () => void
}

/** The single IPC channels of the Electron host. */
export const IPC_INVOKE_CHANNEL = 'counter:invoke'
export const IPC_EVENT_CHANNEL = 'counter:event'
