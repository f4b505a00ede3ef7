import { classifyScan, type ScanClassification } from '../../shared/scan/classify'
import type { Gs1ParseOptions } from '../../shared/gs1/parse'
import type { WedgeSettings } from '../../shared/devices/settings'
import type { PackView, ScanSource, ScanView } from '../../shared/contract'
import type { Clock } from '../../shared/clock'
import type { EventBus } from '../events'
import type { RequestsRepo } from '../fulfilment'
import type { Bench } from '../contract'

/** How a scanner sends GS1's separator, as the parser wants to hear it. */
function gs1OptionsFor(wedge: Pick<WedgeSettings, 'gsSubstitute' | 'gsMissing'> | null): Gs1ParseOptions {
  if (!wedge) return { separator: { kind: 'gs' } }
  if (wedge.gsMissing) return { separator: { kind: 'missing' } }
  if (wedge.gsSubstitute) return { separator: { kind: 'substitute', text: wedge.gsSubstitute } }
  return { separator: { kind: 'gs' } }
}

/**
 * The one place every scan goes, from serial scanners and keyboard wedges alike: classify it,
 * point our own labels at their request, and tell the windows of the bench it was read at (a
 * scan at one bench never opens a request at another).
 */
export class ScanPipeline {
  private nextId = 1

  constructor(
    private readonly deps: {
      clock: Clock
      events: EventBus
      requests: RequestsRepo
      wedge: () => WedgeSettings
      packByGtin: (gtin: string) => PackView | null
    }
  ) {}

  accept(raw: string, source: ScanSource, device: string, bench: Bench): ScanView {
    // Serial scanners send the GS character itself; wedges type it however they were paired.
    const gs1 = source === 'wedge' ? gs1OptionsFor(this.deps.wedge()) : gs1OptionsFor(null)
    const classification = this.resolved(classifyScan(raw, { gs1 }))
    const labelled =
      classification.kind === 'request-label' || classification.kind === 'bag-label' ? classification.requestId : null
    const gtin =
      classification.kind === 'gs1'
        ? classification.gs1.gtin
        : classification.kind === 'gtin'
          ? classification.gtin14
          : null
    const scan: ScanView = {
      id: this.nextId++,
      at: this.deps.clock.now().toISOString(),
      source,
      device,
      classification,
      requestId: labelled && this.deps.requests.get(labelled) ? labelled : null,
      pack: gtin ? this.deps.packByGtin(gtin) : null
    }
    this.deps.events.toBench(bench.id, 'scan.received', scan)
    return scan
  }

  /** A label carrying a long id's short form names the request it finds; one that finds none names none. */
  private resolved(classification: ScanClassification): ScanClassification {
    if ((classification.kind !== 'request-label' && classification.kind !== 'bag-label') || !classification.shortRef)
      return classification
    return { ...classification, requestId: this.deps.requests.idOfLabelRef(classification.shortRef) }
  }
}
