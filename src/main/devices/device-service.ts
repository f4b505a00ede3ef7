import type { Clock } from '../../shared/clock'
import type { CounterDb } from '../db'
import type { DeviceSettings } from '../../shared/devices/settings'
import type { DevicesView, PackView } from '../../shared/contract'
import type { EventBus } from '../events'
import type { RequestsRepo } from '../fulfilment'
import type { SettingsRepo } from '../settings'
import { PrintQueue, type PrintDestination, type PrintRetry } from './print-queue'
import type { Bench } from '../contract'
import { createPrinterTransport } from './printers/printer-config'
import { osSink, zplSink, type LabelSink, type OsPrinting } from './label-sink'
import type { LabelPrinterSettings } from '../../shared/devices/settings'
import { ScanPipeline } from './scan-pipeline'
import { ScannerManager } from './scanner-manager'

/** Scanners, the label printer and its queue, run from the device settings. */
export class DeviceService {
  readonly pipeline: ScanPipeline
  readonly queue: PrintQueue
  private readonly scanners: ScannerManager

  constructor(
    private readonly deps: {
      db: CounterDb
      clock: Clock
      events: EventBus
      requests: RequestsRepo
      settings: SettingsRepo
      printRetry: PrintRetry
      packByGtin: (gtin: string) => PackView | null
      osPrinting: OsPrinting | null
      log: (message: string, error?: unknown) => void
      /** Where a bench's labels print, from its choice. */
      destinationFor: (bench: Bench) => PrintDestination
    }
  ) {
    this.pipeline = new ScanPipeline({
      clock: deps.clock,
      events: deps.events,
      requests: deps.requests,
      wedge: () => deps.settings.get('devices').wedge,
      packByGtin: deps.packByGtin
    })
    // The queue changes a few times for every job it prints: the view (its last hundred jobs) is read only for a window to see.
    const onChange = (): void => {
      if (deps.events.anyoneListening()) deps.events.broadcast('devices.changed', this.view())
    }
    this.queue = new PrintQueue({
      db: deps.db,
      clock: deps.clock,
      retry: deps.printRetry,
      onChange,
      log: deps.log,
      destinationFor: deps.destinationFor
    })
    this.scanners = new ScannerManager({ pipeline: this.pipeline, onChange, log: deps.log })
  }

  async start(): Promise<void> {
    await this.apply(this.deps.settings.get('devices'))
    this.queue.start()
  }

  /** Reopens scanners and the printer from settings; after the settings' transaction committed. */
  async apply(settings: DeviceSettings): Promise<void> {
    await this.scanners.apply(settings.serialScanners)
    await this.queue.useSink(settings.labelPrinter ? this.sinkFor(settings.labelPrinter) : null)
    this.deps.events.broadcast('devices.changed', this.view())
  }

  private sinkFor(printer: LabelPrinterSettings): LabelSink {
    return printer.kind === 'os'
      ? osSink(this.deps.osPrinting, printer.deviceName)
      : zplSink(createPrinterTransport(printer))
  }

  view(): DevicesView {
    return {
      settings: this.deps.settings.get('devices'),
      scanners: this.scanners.states(),
      printer: this.queue.printerStatus(),
      jobs: this.queue.jobs()
    }
  }

  async stop(): Promise<void> {
    await this.scanners.stop()
    await this.queue.stop()
  }
}
