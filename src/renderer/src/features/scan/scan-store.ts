/**
 * Every scan this window receives, from a keyboard-wedge scanner (recognised here, classified by
 * main) or a serial scanner (the `scan.received` event): one source for every feature.
 */
import { create } from 'zustand'
import type { ScanSource, ScanView } from '@shared/contract/device-views'
import type { WedgeSettings } from '@shared/devices/settings'
import { WEDGE_DEFAULTS } from '@shared/devices/wedge-defaults'
import { call } from '../../api/client'
import { routeScan } from '../../keymap/keymap'
import { takeBadge } from '../../session/badge-handover'
import { forgetAtSignOut } from '../../session/person-state'
import type { DetectorSettings } from './wedge-detector'

export interface ScanEntry {
  /** This window's running number, newest highest. */
  seq: number
  /** Exactly what was read. */
  raw: string
  source: ScanSource
  /** Main's reading; null when the scan could not be checked. */
  view: ScanView | null
  /** Why the scan could not be checked. */
  error: string | null
  /** When it arrived (ms since the epoch): a toast is for the moment, not for the next sign-in. */
  at: number
}

const KEEP = 20

/** While pairing, any burst ending in Enter/Tab counts: the scanner's timing is what is being learnt. */
const PAIRING_DETECTOR: DetectorSettings = { maxGapMs: 200, minLength: 3, gsSubstitute: null }

interface ScanState {
  wedge: WedgeSettings
  /** Pairing is listening for the pairing code. */
  pairing: boolean
  entries: ScanEntry[]
  lastSeq: number
  loadWedge(): Promise<void>
  setWedge(wedge: WedgeSettings): void
  setPairing(pairing: boolean): void
  received(view: ScanView): void
  failed(raw: string, message: string): void
}

export const useScans = create<ScanState>((set, get) => {
  function add(entry: Omit<ScanEntry, 'seq' | 'at'>): void {
    set((state) => {
      const seq = state.lastSeq + 1
      return { lastSeq: seq, entries: [{ ...entry, seq, at: Date.now() }, ...state.entries].slice(0, KEEP) }
    })
  }
  return {
    wedge: { ...WEDGE_DEFAULTS },
    pairing: false,
    entries: [],
    lastSeq: 0,
    async loadWedge() {
      const answer = await call('devices.wedge', {})
      if (answer.ok) get().setWedge(answer.value)
    },
    setWedge(wedge) {
      const current = get().wedge
      const same = (Object.keys(wedge) as Array<keyof WedgeSettings>).every((key) => wedge[key] === current[key])
      if (!same) set({ wedge })
    },
    setPairing: (pairing) => set({ pairing }),
    received(view) {
      // A wedge scan comes back from scan.submit and may also be broadcast as scan.received.
      if (get().entries.some((entry) => entry.view?.id === view.id)) return
      // A badge on a serial scanner hands the counter over, as one typed by a wedge scanner does.
      if (takeBadge(view.classification.raw)) return
      add({ raw: view.classification.raw, source: view.source, view, error: null })
      // Then to what is open: a dialog, the screen, else the app (a label opens its request).
      routeScan(view, view.classification.raw)
    },
    failed(raw, message) {
      add({ raw, source: 'wedge', view: null, error: message })
    }
  }
})

export function detectorSettings(state: Pick<ScanState, 'wedge' | 'pairing'>): DetectorSettings {
  return state.pairing ? PAIRING_DETECTOR : state.wedge
}

export async function submitWedgeScan(raw: string): Promise<void> {
  const answer = await call('scan.submit', { raw, source: 'wedge' })
  if (answer.ok) useScans.getState().received(answer.value)
  else useScans.getState().failed(raw, answer.error.message)
}

// The scans a person made are theirs: the next person's counter shows none of them.
forgetAtSignOut(() => useScans.setState({ entries: [] }))
