import { useEffect } from 'react'
import { onEvent } from '../../api/client'
import { routeLocalScan } from '../../keymap/keymap'
import { takeBadge } from '../../session/badge-handover'
import { emitKeyTap } from './key-tap'
import { detectorSettings, submitWedgeScan, useScans } from './scan-store'
import { attachWedgeListener } from './wedge-listener'

/**
 * Recognises keyboard-wedge scans in this window from the start, signed in or not, so that a scan
 * is never typed into a field (see wedge-listener.ts for how typing is held and given back). Where
 * the open screen keeps scans to itself (sign-in, lock) it gets them here; otherwise main reads
 * them. While someone works (`working`), the workstation's scanner settings are loaded and serial
 * scans arrive from `scan.received` into the same store. Mount once.
 */
export function useWedgeScanner(working: boolean): void {
  useEffect(() => {
    const listener = attachWedgeListener(window, {
      settings: detectorSettings(useScans.getState()),
      onScan: (scan) => {
        // A staff badge hands the counter over; else the open screen may keep the scan, else main reads it.
        if (!takeBadge(scan.text) && !routeLocalScan(scan.text)) void submitWedgeScan(scan.text)
      },
      onKey: emitKeyTap
    })
    const unsubscribe = useScans.subscribe((state, previous) => {
      if (state.wedge !== previous.wedge || state.pairing !== previous.pairing)
        listener.configure(detectorSettings(state))
    })
    return () => {
      unsubscribe()
      listener.detach()
    }
  }, [])

  useEffect(() => {
    if (!working) return
    void useScans.getState().loadWedge()
    return onEvent((event) => {
      if (event.name === 'devices.changed') void useScans.getState().loadWedge()
      // A keyboard scan belongs to the window it was typed in: ours come back from scan.submit,
      // and main tells every window about every scan.
      if (event.name === 'scan.received' && event.payload.source !== 'wedge')
        useScans.getState().received(event.payload)
    })
  }, [working])
}
