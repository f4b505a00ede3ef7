/**
 * Exposes exactly the contract to the page: one invoke channel, one event channel. The page never
 * sees ipcRenderer itself.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type CounterBridge } from '../shared/contract/bridge'
import type { CounterEvent } from '../shared/contract/events'

const bridge = {
  invoke: (name, input) => ipcRenderer.invoke(IPC_INVOKE_CHANNEL, name, input),
  onEvent: (listener) => {
    const handler = (_event: IpcRendererEvent, payload: CounterEvent): void => listener(payload)
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler)
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler)
  }
} satisfies CounterBridge

contextBridge.exposeInMainWorld('counter', bridge)
