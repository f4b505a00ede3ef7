/** The Devices screen's data: what main says about scanners, the label printer and its queue. */
import { create } from 'zustand'
import type { DevicesView, PrintJobView } from '@shared/contract/device-views'
import type { DeviceSettings } from '@shared/devices/settings'
import { call } from '../../api/client'

export interface PortView {
  path: string
  present: boolean
  description: string | null
}

interface DevicesState {
  view: DevicesView | null
  /** Serial ports on this computer (administrators only); null until asked. */
  ports: PortView[] | null
  error: string | null
  load(): Promise<void>
  set(view: DevicesView): void
  /**
   * A job as a call answered it (not every change is announced by devices.changed). Events may
   * have overtaken the answer: a new job is added only if not shown yet, and a changed job
   * replaces the row only while it still shows what the person acted on (`replacing`).
   */
  putJob(job: PrintJobView, replacing: PrintJobView | null): void
  loadPorts(): Promise<void>
  /** Sends the whole settings object; answers an error message, or null when saved. */
  save(settings: DeviceSettings): Promise<string | null>
}

export const useDevices = create<DevicesState>((set) => ({
  view: null,
  ports: null,
  error: null,
  async load() {
    const answer = await call('devices.status', {})
    if (answer.ok) set({ view: answer.value, error: null })
    else set({ error: answer.error.message })
  },
  set: (view) => set({ view }),
  putJob(job, replacing) {
    set(({ view }) => {
      if (!view) return {}
      const shown = view.jobs.find((existing) => existing.id === job.id)
      if (shown && (!replacing || shown.state !== replacing.state || shown.attempts !== replacing.attempts)) return {}
      const others = view.jobs.filter((existing) => existing.id !== job.id)
      return { view: { ...view, jobs: [job, ...others].sort((a, b) => b.id - a.id) } }
    })
  },
  async loadPorts() {
    const answer = await call('devices.ports', {})
    if (answer.ok) set({ ports: answer.value })
    else set({ error: answer.error.message })
  },
  async save(settings) {
    const answer = await call('devices.setSettings', settings)
    if (!answer.ok) return answer.error.message
    // Main applies the settings after answering, then announces the devices' new state; that
    // announcement may already be here. Only the settings of the answer are news.
    set(({ view }) => ({ view: view ? { ...view, settings: answer.value.settings } : answer.value, error: null }))
    return null
  }
}))
