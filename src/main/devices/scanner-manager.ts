import type { SerialScannerSettings } from '../../shared/devices/settings'
import type { ScannerStateView } from '../../shared/contract'
import { createSerialScanner, type ScannerState, type SerialScanner } from './scanners/serial-scanner'
import type { ScanPipeline } from './scan-pipeline'
import { HOST_BENCH } from '../contract'

interface Running {
  settings: SerialScannerSettings
  scanner: SerialScanner
}

/** Keeps one serial scanner running per configured port on this machine, and their scans flowing into the pipeline as the host bench's. */
export class ScannerManager {
  private running: Running[] = []

  constructor(
    private readonly deps: {
      pipeline: ScanPipeline
      onChange: () => void
      log: (message: string, error?: unknown) => void
    }
  ) {}

  async apply(scanners: readonly SerialScannerSettings[]): Promise<void> {
    await this.stop()
    this.running = scanners.map((settings) => {
      const scanner = createSerialScanner({ path: settings.path, baudRate: settings.baudRate, suffix: settings.suffix })
      scanner.onScan((scan) => {
        try {
          this.deps.pipeline.accept(scan.text, 'serial', settings.label, HOST_BENCH)
        } catch (error) {
          this.deps.log(`scan from ${settings.path} could not be handled`, error)
        }
      })
      scanner.onState(() => this.deps.onChange())
      scanner.start()
      return { settings, scanner }
    })
  }

  states(): Array<{ id: string; label: string; path: string; state: ScannerStateView; detail: string | null }> {
    return this.running.map(({ settings, scanner }) => {
      const state: ScannerState = scanner.state()
      return {
        id: settings.id,
        label: settings.label,
        path: settings.path,
        state: state.status,
        detail: state.status === 'disconnected' || state.status === 'error' ? state.reason : null
      }
    })
  }

  async stop(): Promise<void> {
    const stopping = this.running.map(({ scanner }) => scanner.stop())
    this.running = []
    await Promise.allSettled(stopping)
  }
}
