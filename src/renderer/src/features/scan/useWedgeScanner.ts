import { useEffect } from 'react'
import { onEvent } from '../../api/client'
import { emitKeyTap } from './key-tap'
import { detectorSettings, submitWedgeScan, useScans } from './scan-store'
import { attachWedgeListener } from './wedge-listener'

/**
 * While `active` (signed in, unlocked): recognises keyboard-wedge scans in this window (see
 * wedge-listener.ts for how typing is held and given back), sends them to main, and collects
 * serial scans from `scan.received` into the same store. Mount once.
 */
export function useWedgeScanner(active: boolean): void {
  useEffect(() => {
    if (!active) return
    void useScans.getState().loadWedge()
    const listener = attachWedgeListener(window, {
      settings: detectorSettings(useScans.getState()),
      onScan: (scan) => void submitWedgeScan(scan.text),
      onKey: emitKeyTap
    })
    const unsubscribe = useScans.subscribe((state, previous) => {
      if (state.wedge !== previous.wedge || state.pairing !== previous.pairing)
        listener.configure(detectorSettings(state))
    })
    const stopEvents = onEvent((event) => {
      if (event.name === 'devices.changed') void useScans.getState().loadWedge()
      // A keyboard scan belongs to the window it was typed in: ours come back from scan.submit,
      // and main tells every window about every scan.
      if (event.name === 'scan.received' && event.payload.source !== 'wedge')
        useScans.getState().received(event.payload)
    })
    return () => {
      stopEvents()
      unsubscribe()
      listener.detach()
    }
  }, [active])
}
