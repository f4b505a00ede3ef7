import type { PrintedLabelView } from '../../shared/contract/device-views'
import { PAIRING_PAYLOAD } from '../../shared/devices/settings'
import { type Handlers, requireActor } from '../contract'
import { CounterError } from '../errors'
import { dataMatrixSvg, type LaidOutLabel, labelSetup, pharmacyDetails, previewsOf, testLabel } from '../labels'
import type { RequestsRepo } from '../fulfilment'
import type { SettingsRepo } from '../settings'
import type { DeviceService } from './device-service'
import { listSerialPorts } from './serial-ports'
import { londonDate } from '../../shared/time/london'

type DeviceCalls =
  | 'scan.submit'
  | 'devices.wedge'
  | 'devices.status'
  | 'devices.ports'
  | 'devices.setSettings'
  | 'devices.setWedge'
  | 'devices.pairingCode'
  | 'labels.sample'
  | 'print.testLabel'
  | 'print.jobs'
  | 'print.reprint'
  | 'print.jobLabels'
  | 'print.resolveUnconfirmed'

export function deviceHandlers(deps: {
  devices: DeviceService
  settings: SettingsRepo
  requests: Pick<RequestsRepo, 'get'>
  /** The request's labels job of its current dispensing (null once voided by a change of items). */
  currentLabelsJob: (requestId: string) => number | null
  /** How many of the request's dispensed packs are still in its bag (not back on the shelf or in quarantine). */
  packsInBag: (requestId: string) => number
  /** The bag labels job of the request's last packing (null before it is packed). */
  currentBagJob: (requestId: string) => number | null
  /** The words of the request's unsettled flags that hold back this step (src/main/flags). */
  heldByFlags: (requestId: string, step: 'printLabels' | 'pack') => readonly string[]
}): Pick<Handlers, DeviceCalls> {
  const { devices, settings } = deps
  const afterCommit = (work: () => Promise<void>): void => {
    setImmediate(() => void work())
  }
  return {
    'scan.submit': (ctx, input) => devices.pipeline.accept(input.raw, input.source, 'keyboard', ctx.session.bench),
    'devices.wedge': () => settings.get('devices').wedge,
    'devices.status': () => devices.view(),
    'devices.ports': async () => {
      const ports = await listSerialPorts(settings.get('devices').serialScanners.map((scanner) => scanner.path))
      return ports.map((port) => ({
        path: port.path,
        present: port.present,
        description:
          port.source === 'configured'
            ? 'configured by hand'
            : [port.manufacturer, port.serialNumber].filter(Boolean).join(' ') || null
      }))
    },
    'devices.setSettings': (ctx, input) => {
      const before = settings.get('devices')
      settings.set('devices', input)
      ctx.audit({ entityType: 'settings', entityId: 'devices', summary: { before, after: input } })
      afterCommit(() => devices.apply(settings.get('devices')))
      return { ...devices.view(), settings: input }
    },
    'devices.setWedge': (ctx, input) => {
      const current = settings.get('devices')
      settings.set('devices', { ...current, wedge: input })
      ctx.audit({ entityType: 'settings', entityId: 'devices.wedge', summary: { before: current.wedge, after: input } })
      ctx.broadcast('devices.changed', devices.view())
      return input
    },
    'devices.pairingCode': () => ({ payload: PAIRING_PAYLOAD, svg: dataMatrixSvg(PAIRING_PAYLOAD, { gs1: true }) }),

    'labels.sample': (ctx, input) => {
      const actor = requireActor(ctx)
      const set = testLabel(
        pharmacyDetails(settings.get('pharmacy')),
        actor.displayName,
        londonDate(ctx.now),
        labelSetup(input)
      )
      return previewsOf([set])
    },

    'print.testLabel': (ctx) => {
      const actor = requireActor(ctx)
      const { labels } = testLabel(
        pharmacyDetails(settings.get('pharmacy')),
        actor.displayName,
        londonDate(ctx.now),
        labelSetup(settings.get('devices').labelStock)
      )
      const id = devices.queue.enqueue(
        { requestId: null, kind: 'test', labels, createdBy: actor.displayName, bench: ctx.session.bench },
        ctx.now
      )
      ctx.audit({ entityType: 'print_job', entityId: String(id), summary: { kind: 'test' } })
      afterCommit(async () => devices.queue.wake())
      return devices.queue.job(id)!
    },
    'print.jobs': (_ctx, input) => devices.queue.jobs(input.requestId),
    'print.jobLabels': (_ctx, input) => {
      const labels = devices.queue.labelsOf(input.id)
      if (labels === undefined) throw new CounterError('not_found', `There is no print job ${input.id}.`)
      return describeLabels(labels)
    },
    'print.reprint': (ctx, input) => {
      const actor = requireActor(ctx)
      const original = devices.queue.job(input.id)
      const labels = devices.queue.labelsOf(input.id)
      if (!original || labels === undefined) throw new CounterError('not_found', `There is no print job ${input.id}.`)
      if (original.state !== 'delivered')
        throw new CounterError(
          'conflict',
          `Job ${input.id} has not printed yet (${original.state}); it needs no reprint.`
        )
      // A stopped request's labels are never printed again: its packs are back on the shelf or in quarantine.
      const stage = original.requestId ? deps.requests.get(original.requestId)?.row.stage : undefined
      if (stage === 'cancelled' || stage === 'rejected')
        throw new CounterError(
          'conflict',
          `Request ${original.requestId} was ${stage}: its labels are not printed again.`
        )
      // A request's dispensing and bag labels alike print again only while its bag may still go out.
      if ((original.kind === 'dispensing' || original.kind === 'bag') && original.requestId) {
        // Held (a query, a further consultation, an original now required, more stock needed): the
        // packs the labels name are back on the shelf or in quarantine, and the items may change.
        if (deps.packsInBag(original.requestId) === 0)
          throw new CounterError(
            'conflict',
            `Request ${original.requestId} is ${stage?.replace(/_/g, ' ') ?? 'gone'}: its packs are no longer in a bag (back on the shelf or in quarantine), so its labels are not printed again.`
          )
        // Held back by a flag on what the labels print (the patient's name, the address, Phensys's
        // state): printed again, they would carry what a person has still to settle.
        const flags = deps.heldByFlags(original.requestId, original.kind === 'bag' ? 'pack' : 'printLabels')
        if (flags.length > 0)
          throw new CounterError(
            'conflict',
            `Request ${original.requestId} is held back by ${flags.length === 1 ? 'a flag' : `${flags.length} flags`} until a person settles ${flags.length === 1 ? 'it' : 'them'}, so its labels are not printed again: ${flags.join(' ')}`
          )
      }
      let first = original
      while (first.reprintOf) first = devices.queue.job(first.reprintOf) ?? { ...first, reprintOf: null }
      // Bag labels print again only while the bag waits to go out as they were printed for it: once
      // Phensys has changed the delivery (packing voided), or the bag was packed again, they carry an
      // address, a recipient or a service it no longer goes to.
      if (original.kind === 'bag' && original.requestId) {
        const packedNow = stage === 'packed' && deps.currentBagJob(original.requestId) === first.id
        if (!packedNow)
          throw new CounterError(
            'conflict',
            `Job ${input.id} holds bag labels that no longer stand for ${original.requestId} (${stage === 'packed' ? 'it was packed again since' : `it is ${stage?.replace(/_/g, ' ') ?? 'gone'} now`}): they are not printed again. Only the bag labels of the packing it goes out with are.`
          )
      }
      // Dispensing labels print again only while they are the request's labels: once Phensys has
      // changed the items (or a new round of dispensing began) they carry what is no longer prescribed.
      if (original.kind === 'dispensing' && original.requestId) {
        if (deps.currentLabelsJob(original.requestId) !== first.id)
          throw new CounterError(
            'conflict',
            `Job ${input.id} holds labels that no longer stand for ${original.requestId} (the items changed at Phensys, or it was dispensed again since): they are not printed again. Print its labels from the request.`
          )
      }
      const chosen = input.labels ?? labels.map((_label, index) => index + 1)
      const outside = chosen.filter((position) => position > labels.length)
      if (outside.length > 0)
        throw new CounterError(
          'invalid_input',
          `Job ${input.id} has ${labels.length} label${labels.length === 1 ? '' : 's'}; there is no label ${outside.join(', ')}.`
        )
      const id = devices.queue.enqueue(
        {
          requestId: original.requestId,
          kind: original.kind,
          labels: [...new Set(chosen)].sort((a, b) => a - b).map((position) => labels[position - 1]!),
          createdBy: actor.displayName,
          reprintOf: original.id,
          bench: ctx.session.bench
        },
        ctx.now
      )
      ctx.audit({
        entityType: 'request',
        entityId: original.requestId,
        command: 'print.reprint',
        summary: {
          job: id,
          reprintOf: original.id,
          labels: input.labels ?? 'all',
          reason: input.reason,
          ...(input.note ? { note: input.note } : {})
        }
      })
      afterCommit(async () => devices.queue.wake())
      return devices.queue.job(id)!
    },
    'print.resolveUnconfirmed': (ctx, input) => {
      const job = devices.queue.resolveUnconfirmed(input.id, input.printed, ctx.now)
      if (!job) throw new CounterError('not_found', `Job ${input.id} is not waiting for anyone to check the printer.`)
      ctx.audit({
        entityType: 'request',
        entityId: job.requestId,
        command: 'print.resolveUnconfirmed',
        summary: { job: input.id, printed: input.printed }
      })
      ctx.broadcast('devices.changed', devices.view())
      afterCommit(async () => devices.queue.wake())
      return job
    }
  }
}

/**
 * A job's labels one by one: a set runs from a label's page 1 to its last page (a pack's
 * dispensing labels, a parcel's bag label), so a person can print one label or one set again.
 */
function describeLabels(labels: readonly LaidOutLabel[]): PrintedLabelView[] {
  let set = 0
  return labels.map((label, index) => {
    if (label.page === 1) set += 1
    return {
      position: index + 1,
      set: Math.max(set, 1),
      page: label.page,
      pageCount: label.pageCount,
      text: label.lines.map((line) => line.text).find((text) => text.trim() !== '') ?? ''
    }
  })
}
