import QRCode from 'qrcode'
import { type Handlers, requireActor, HOST_BENCH, type Bench } from '../contract'
import { CounterError } from '../errors'
import type { StoreBackup } from '../backup'
import type { Workflow } from '../workflow'
import type { WorkstationRegistry } from './workstation-registry'
import type { PrintQueue } from '../devices'
import type { BenchPrintingView } from '../../shared/contract'

type PremisesCalls =
  | 'premises.overview'
  | 'premises.pairingCode'
  | 'premises.revoke'
  | 'premises.backupNow'
  | 'premises.benchPrinting'
  | 'premises.setBenchPrinter'
  | 'requests.releaseClaim'
  | 'requests.takeOver'

export interface PremisesHandlerDeps {
  registry: WorkstationRegistry
  backup: StoreBackup
  workflow: Workflow
  queue: Pick<PrintQueue, 'benchPrinter' | 'printerStatus'>
  /** Where workstations reach this host, and its certificate's fingerprint; null when it serves no network. */
  host: { url: string; fingerprint: string } | null
  /** Ends at once what a removed bench still holds: its windows' sessions and streams, its printer. */
  benchRemoved: (bench: Bench) => void
}

export function premisesHandlers(deps: PremisesHandlerDeps): Pick<Handlers, PremisesCalls> {
  const { registry, backup, workflow, queue, host } = deps
  const printingAt = (bench: Bench): BenchPrintingView => {
    const isHost = bench.id === HOST_BENCH.id
    return {
      bench: bench.name,
      isHost,
      choice: isHost ? 'host' : registry.defaultPrinterOf(bench.id),
      hostPrinter: queue.printerStatus().description,
      benchPrinter: isHost ? null : queue.benchPrinter(bench.id)
    }
  }
  return {
    'premises.overview': () => ({
      host,
      workstations: registry.list((id) => queue.benchPrinter(id)),
      backup: backup.status()
    }),

    'premises.pairingCode': (ctx) => {
      const admin = requireActor(ctx)
      if (!host)
        throw new CounterError(
          'precondition_failed',
          'This counter is not serving other benches. Start it as the premises host (--premises-port) to pair workstations.'
        )
      const { code, expiresAt } = registry.issueCode(admin.id, ctx.now)
      ctx.audit({ entityType: 'workstation', entityId: null, summary: { expiresAt } })
      const link = `pharmetra-pair:${host.url}?code=${code}&fingerprint=${host.fingerprint}`
      return { code, expiresAt, hostUrl: host.url, fingerprint: host.fingerprint, qrSvg: qrSvg(link) }
    },

    'premises.revoke': (ctx, input) => {
      const bench = registry.revoke(input.id, requireActor(ctx).id, ctx.now)
      ctx.audit({ entityType: 'workstation', entityId: input.id })
      deps.benchRemoved(bench)
      return null
    },

    // Not a transaction of its own: the copy is made while the counter works on, and the backup
    // records and audits its outcome itself when it is done.
    'premises.backupNow': (ctx) => backup.runOnce(ctx.now),

    'premises.benchPrinting': (ctx) => printingAt(ctx.session.bench),

    // The bench's own choice, made at the bench: the jobs it asks for from now on go there.
    'premises.setBenchPrinter': (ctx, input) => {
      const bench = ctx.session.bench
      if (bench.id === HOST_BENCH.id)
        throw new CounterError('precondition_failed', "The host's own screens print on the host's printer.")
      const before = registry.defaultPrinterOf(bench.id)
      registry.setDefaultPrinter(bench.id, input.printer)
      ctx.audit({
        entityType: 'workstation',
        entityId: bench.id,
        summary: { printer: { before, after: input.printer } }
      })
      return printingAt(bench)
    },

    'requests.releaseClaim': (ctx, input) => workflow.releaseClaim(ctx, input.id),
    'requests.takeOver': (ctx, input) => workflow.takeOver(ctx, input.id)
  }
}

/** The QR as SVG squares, drawn here so the command stays synchronous inside its transaction. */
function qrSvg(text: string): string {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const margin = 4
  const size = modules.size + margin * 2
  const squares: string[] = []
  for (let row = 0; row < modules.size; row++)
    for (let col = 0; col < modules.size; col++)
      if (modules.get(row, col)) squares.push(`M${col + margin} ${row + margin}h1v1h-1z`)
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges"><rect width="${size}" height="${size}" fill="#fff"/><path d="${squares.join('')}" fill="#000"/></svg>`
}
