/**
 * Everything the model test can do to the real system, and what the reference model expects of
 * each: every person's step of the transition table (one entry per step, checked against the
 * table's type, so a step added to the table needs one here), with valid and invalid inputs, by
 * anyone on the staff; the other calls the workflow depends on (pack scans, choosing a service,
 * goods-in, the self-check setting); Phensys's moves through the sandbox's control calls, each
 * made once Phensys has heard everything the counter has for it, but a cancellation that comes
 * before its latest events reach Phensys; and the label printer taking its jobs.
 */
import type { CallResponse } from '@shared/errors'
import type { Role } from '@shared/roles'
import { STAGES, type Stage } from '@shared/workflow/stages'
import { TRANSITIONS, type CommandBy, type Transition } from '@shared/workflow/transitions'
import { rescansWithLabels } from '../../helpers/rescans'
import { bagScanFor, trackingNumberFor } from '../../helpers/supply'
import { dispensingLabelPayload } from '@shared/scan/own-labels'
import { DMD, packCode } from '../../stock/helpers'
import { addDays } from '@shared/time/calendar'
import { londonDate } from '@shared/time/london'
import { OPEN_STAGES, type ModelLine, type ModelRequest, type Person, type Reference, type Verdict } from './reference'
import { itemsOf, signInAgain, type World } from './world'

/** One thing the test may do next, with what the model expects of it. */
export interface Attempt {
  /** The step's name, for the coverage report (`pack`, `phensys.cancel`, `printer`…). */
  step: string
  label: string
  requestId: string | null
  expected: Verdict
  /**
   * Why the model expects a refusal: the person's role, the request's stage, the input, or the
   * guard that does not hold (a near miss: the right person at the right stage); null when done.
   */
  why: string | null
  /** How much the chooser prefers it among the things that would be done. */
  weight: number
  run(): Promise<string>
  /** The model's side of it, once the core has done it. */
  apply(): void
}

interface Context {
  model: Reference
  world: World
  request: ModelRequest
  person: Person & { session: string }
}

/** Why the model expects a refusal, and how the core says it. */
interface Refusal {
  verdict: Verdict
  why: string
}
const no = (why: string, verdict: Verdict = 'refused'): Refusal => ({ verdict, why })
/**
 * The guards of a step, in the core's order, as [holds, why, verdict]: the first that fails says
 * how the core refuses; all that fail say why (so a near miss that fails one guard alone is told
 * apart from one that fails two, and a guard removed by mistake cannot hide behind another).
 */
function guards(...checks: Array<[boolean, string, Verdict?]>): Refusal | null {
  const failing = checks.filter(([holds]) => !holds)
  if (failing.length === 0) return null
  return { verdict: failing[0]![2] ?? 'refused', why: failing.map(([, why]) => why).join(' + ') }
}

interface Variant {
  name: string
  /** The input passes the contract's validation. */
  valid: boolean
  weight?: number
  /** What the step's guards say of this input, in their order; null when they all hold. */
  refusal?: Refusal | null
  /** `expectedOk`: the model expects the call done (a step may prepare the world for it first). */
  call(expectedOk: boolean): Promise<CallResponse<unknown>>
  /** The step's effects on the model, beyond its stage move (done by `apply`). */
  apply?(): void
}

interface PersonStep {
  roles: readonly Role[]
  from: readonly Stage[]
  /** Preference when the step would be done (the way forward high, the branches low). */
  weight: number | ((ctx: Context) => number)
  variants(ctx: Context): Variant[]
  /** What the step does when it is done: the stage it leads to and the events Phensys hears. */
  apply(ctx: Context, variant: Variant): void
}

const DISPENSING: readonly Role[] = ['pharmacist', 'dispenser']
const STAFF: readonly Role[] = ['pharmacist', 'dispenser', 'accuracy_checker']
const plain = (call: () => Promise<CallResponse<unknown>>): Variant[] => [{ name: '', valid: true, call }]
const by = (ctx: Context) => ({ person: ctx.person.id })
/**
 * A flag holds back the labels, packing and the supply: the hidden character in the patient's name
 * until a person confirms the cleaned text, a recalled batch until a pharmacist acknowledges it.
 */
const flagHolds = (r: ModelRequest) => (r.hiddenCharacter && !r.cleanedTextConfirmed) || r.recallFlags > 0
const linesScanned = (r: ModelRequest) => r.lines.every((line) => (r.scanned.get(line.lineId) ?? 0) === line.packs)

/** The model's clock: the pharmacy's day now (Europe/London). */
const todayOf = (world: World) => londonDate(world.clock.now())
/** Days a short-dated pack is booked in to last: any course here (two packs, 56 days) when scanned. */
const SHORT_DATED_DAYS = 60
/** How far the clock moves on, at most twice a run: a one-pack course (28 days) outlasts a short-dated pack scanned before. */
const DAYS_MOVED_ON = 35
/**
 * The short-dated packs in the bag that no longer last their line's course counted from today:
 * expired, or expiring before the course ends (ONE tablet daily: a day a tablet, the line as
 * prescribed now). The checks before a bag leaves refuse them; U takes them out.
 */
function outOfDateInBag(world: World, request: ModelRequest): ModelRequest['shortDated'] {
  const today = todayOf(world)
  return request.shortDated.filter((pack) => {
    const line = request.lines.find((l) => l.lineId === pack.lineId)
    const days = line ? world.packs.sertraline.packSize * line.packs : 0
    return pack.expiry < addDays(today, days)
  })
}

/** Every line's packs held for the request: dispensing may start. */
const stockReserved = (model: Reference, r: ModelRequest) =>
  r.lines.every((line) => line.product !== 'unavailable' && model.held(r, line.lineId) === line.packs)

/** The stock check's effect, by the S key or run by accepting and by the original received. */
function stockCheck(ctx: Context): void {
  const { model, request } = ctx
  const outcome = model.checkStock(request)
  request.seen.add(`stock ${outcome}`)
  model.move(request, outcome === 'available' ? 'ready_to_dispense' : 'awaiting_patient_decision', by(ctx))
  model.send(request, outcome === 'available' ? 'stock.available' : `stock.${outcome}`)
}

/** The person's steps of the transition table: where each may start, who may take it, its inputs and effects. */
export const PERSON_STEPS = {
  accept: {
    roles: DISPENSING,
    from: ['new'],
    weight: 10,
    variants: ({ world, person, request }) =>
      plain(() => world.core.call(person.session, 'requests.accept', { id: request.id })),
    apply: (ctx) => {
      const { model, request } = ctx
      if (request.hardCopyRequired) {
        model.move(request, 'awaiting_hard_copy', by(ctx))
        model.send(request, 'accepted', 'hard_copy.awaiting')
      } else {
        model.move(request, 'stock_check', by(ctx))
        model.send(request, 'accepted')
        // Nothing needs a person before it: accepting runs the stock check.
        stockCheck(ctx)
      }
    }
  },

  receiveHardCopy: {
    roles: DISPENSING,
    // Paper that comes after the request was stopped is recorded too; seldom, as at a real counter.
    from: ['awaiting_hard_copy', 'cancelled', 'rejected'],
    weight: ({ request }) => (request.stage === 'awaiting_hard_copy' ? 10 : 0.2),
    variants: ({ world, person, request }) => {
      const receipt = (quantity: (line: ModelLine, prescribed: number) => number) => ({
        id: request.id,
        formType: 'private_paper' as const,
        serial: '',
        patientMatches: true,
        prescriberMatches: true,
        dateMatches: true,
        lines: itemsOf(request.lines, world.packs).map((item, n) => ({
          lineId: item.lineId as string,
          matches: true,
          quantityOnForm: quantity(request.lines[n]!, item.quantity as number)
        }))
      })
      return [
        {
          name: 'matching',
          valid: true,
          call: () =>
            world.core.call(
              person.session,
              'requests.receiveHardCopy',
              receipt((_line, q) => q)
            )
        },
        {
          name: 'not matching',
          valid: true,
          weight: 0.1,
          call: () =>
            world.core.call(
              person.session,
              'requests.receiveHardCopy',
              receipt((_line, q) => q * 2)
            )
        },
        {
          name: 'no lines',
          valid: false,
          call: () =>
            world.core.call(person.session, 'requests.receiveHardCopy', { ...receipt((_l, q) => q), lines: [] })
        }
      ]
    },
    apply: (ctx, variant) => {
      const { model, request } = ctx
      // Stopped: kept as received, the request stays as it is and Phensys, which closed it, hears nothing.
      if (request.stage === 'cancelled' || request.stage === 'rejected') {
        request.seen.add('original after stopped')
        model.move(request, request.stage, by(ctx))
        return
      }
      if (variant.name === 'matching') {
        request.hardCopyInHand = true
        request.originalsFor.push(JSON.stringify(request.lines))
        model.move(request, 'stock_check', by(ctx))
        model.send(request, 'hard_copy.received')
        stockCheck(ctx)
      } else {
        // Kept as read: the form states twice each quantity, which Phensys's answer may yet prescribe.
        request.originalsFor.push(JSON.stringify(request.lines.map((line) => ({ ...line, packs: 2 * line.packs }))))
        request.seen.add('original not matching')
        model.move(request, 'query_raised', by(ctx))
        model.send(request, 'hard_copy.received', 'query.raised')
      }
    }
  },

  checkStock: {
    roles: DISPENSING,
    from: ['stock_check'],
    weight: 10,
    variants: ({ world, person, request }) => [
      {
        name: '',
        valid: true,
        refusal: request.hardCopyRequired && !request.hardCopyInHand ? no('the original not in hand') : null,
        call: () => world.core.call(person.session, 'requests.checkStock', { id: request.id })
      }
    ],
    apply: (ctx) => stockCheck(ctx)
  },

  startDispensing: {
    roles: DISPENSING,
    from: ['ready_to_dispense'],
    weight: 10,
    variants: ({ world, person, request, model }) => [
      {
        name: '',
        valid: true,
        refusal: stockReserved(model, request) ? null : no('stock not reserved'),
        call: () => world.core.call(person.session, 'requests.startDispensing', { id: request.id })
      }
    ],
    apply: (ctx) => {
      const { model, request } = ctx
      request.labelsJob = null
      request.labelled = false
      model.move(request, 'dispensing', by(ctx))
      request.claim = { bench: ctx.person.bench, person: ctx.person.id }
      model.send(request, 'dispensing.started')
    }
  },

  printLabels: {
    roles: DISPENSING,
    from: ['dispensing'],
    weight: ({ request }) => (request.labelsJob ? 0 : 10),
    variants: ({ world, person, request }) => [
      {
        name: '',
        valid: true,
        // No flag holding the labels back, the pharmacist's clinical check made, every pack
        // scanned, and the labels not already waiting in the print queue (a conflict).
        refusal: guards(
          [!flagHolds(request), 'a flag holds it back'],
          [request.clinicallyChecked, 'no clinical check'],
          [linesScanned(request), 'a pack not scanned'],
          [!request.labelsJob || request.labelsJob.printed, 'the labels already queued', 'conflict']
        ),
        call: () => world.core.call(person.session, 'requests.printLabels', { id: request.id })
      }
    ],
    apply: (ctx) => {
      // The request stays in dispensing until the printer has the labels.
      ctx.request.labelsJob = { by: ctx.person.id, printed: false }
      // Labelling is assembling: whoever asked for the labels leaves the accuracy check to someone else.
      ctx.request.assemblers.add(ctx.person.id)
      ctx.model.move(ctx.request, 'dispensing', by(ctx))
    }
  },

  clinicalCheck: {
    roles: ['pharmacist'],
    // From acceptance until the labels print; the original in hand first where one is required.
    from: [
      'awaiting_hard_copy',
      'stock_check',
      'awaiting_patient_decision',
      'awaiting_stock',
      'supply_issue',
      'ready_to_dispense',
      'dispensing'
    ],
    weight: ({ request }) => (request.clinicallyChecked ? 0 : 10),
    variants: ({ world, person, request }) => {
      const attempt = (
        name: string,
        input: { outcome: 'approved' } | { outcome: 'approved_with_note'; note: string }
      ) => ({
        name,
        valid: input.outcome === 'approved' || input.note.trim().length >= 3,
        weight: name === 'approved' ? 3 : 1,
        refusal: guards(
          [!request.hardCopyRequired || request.hardCopyInHand, 'the original not in hand'],
          [!request.clinicallyChecked, 'already checked', 'conflict']
        ),
        call: () => world.core.call(person.session, 'requests.clinicalCheck', { id: request.id, ...input })
      })
      return [
        attempt('approved', { outcome: 'approved' }),
        attempt('approved with a note', { outcome: 'approved_with_note', note: 'Counselled on timing.' }),
        attempt('a note of nothing', { outcome: 'approved_with_note', note: ' ' })
      ]
    },
    apply: (ctx) => {
      // The check moves no stage: it is recorded where the request is.
      ctx.request.clinicallyChecked = true
      ctx.model.move(ctx.request, ctx.request.stage, by(ctx))
    }
  },

  accuracyCheck: {
    roles: ['accuracy_checker', 'pharmacist'],
    from: ['labelled'],
    weight: 10,
    variants: ({ world, person, request, model }) => {
      // Someone who assembled part of it checks it only when self-checking is allowed.
      const byAnother = !request.assemblers.has(person.id) || model.selfCheckAllowed
      const codes = request.codes
      // Re-scans as a checker makes them (each pack's code, then the dispensing label on it, which
      // names the pack), built when used: the labels carry the packs' ids, which the core gave.
      const labelled = async (packCodes: string[]): Promise<string[]> => {
        const view = await world.core.call(person.session, 'dispensing.view', { id: request.id })
        return view.ok ? rescansWithLabels(view.value, packCodes) : packCodes
      }
      // A pack of the right product that was never scanned into this bag.
      const foreign = () => packCode(world.packs.sertraline.gtin, 'LOT1', '280630')
      const attempt = (name: string, rescans: () => Promise<string[]>, count: number, weight = 1): Variant => ({
        name,
        valid: count > 0,
        weight,
        // A recall's flag holds the check back too (the hidden character's holds only what prints it).
        refusal: guards(
          [request.recallFlags === 0, 'a flag holds it back'],
          [byAnother, 'checked by its assembler'],
          [name === 'every pack and its label', name],
          [request.clinicallyChecked, 'no clinical check'],
          [outOfDateInBag(world, request).length === 0, 'a pack out of date']
        ),
        call: async () =>
          world.core.call(person.session, 'requests.accuracyCheck', { id: request.id, rescans: await rescans() })
      })
      return [
        attempt('every pack and its label', () => labelled([...codes]), codes.length, 10),
        attempt('a pack missing', () => labelled(codes.slice(1)), codes.length - 1),
        attempt('a pack not dispensed', () => labelled([...codes, foreign()]), codes.length + 1),
        // With nothing scanned there is nothing to scan twice: an empty list, refused as input.
        attempt(
          'a pack twice',
          () => labelled([...codes, ...codes.slice(0, 1)]),
          codes.length + Math.min(1, codes.length)
        ),
        attempt('the packs without their labels', async () => [...codes], codes.length),
        attempt(
          'a label naming another pack',
          async () => {
            const view = await world.core.call(person.session, 'dispensing.view', { id: request.id })
            const generation = view.ok ? view.value.labelGeneration : 1
            return (await labelled([...codes])).map((scan, n) =>
              n === 1 ? dispensingLabelPayload(request.id, 999_999, generation) : scan
            )
          },
          codes.length
        )
      ]
    },
    apply: (ctx) => {
      const { model, request, person } = ctx
      if (request.assemblers.has(person.id)) request.seen.add('self-check')
      model.move(request, 'accuracy_checked', by(ctx))
      model.send(request, 'dispensing.checked')
    }
  },

  pack: {
    roles: STAFF,
    from: ['accuracy_checked'],
    weight: 10,
    variants: ({ world, person, request, model }) => {
      const serviceKnown = request.delivery !== 'unknown' || request.serviceChosen
      const other = [...model.requests.keys()].find((id) => id !== request.id) ?? 'fr_OTHER'
      const attempt = (name: string, bagScan: string, parcels: number, weight: number, ours: boolean): Variant => ({
        name,
        valid: parcels >= 1,
        weight,
        // The flag on the patient's name and the clinical check hold it back too; a request is
        // accuracy-checked (labels and check for the items as now prescribed) only in this stage.
        refusal: guards(
          [!flagHolds(request), 'a flag holds it back'],
          [request.clinicallyChecked, 'no clinical check'],
          [outOfDateInBag(world, request).length === 0, 'a pack out of date'],
          [serviceKnown, 'no service known'],
          [ours, 'not its bag']
        ),
        call: () => world.core.call(person.session, 'requests.pack', { id: request.id, bagScan, parcels }),
        apply: () => (request.parcels = parcels)
      })
      return [
        attempt('1 parcel', bagScanFor(request.id), 1, 6, true),
        attempt('2 parcels', bagScanFor(request.id), 2, 3, true),
        attempt('3 parcels', bagScanFor(request.id), 3, 1, true),
        attempt("another request's bag", bagScanFor(other), 1, 1, false),
        attempt('not a label', 'HELLO-WORLD', 1, 1, false),
        attempt('no parcels', bagScanFor(request.id), 0, 1, true)
      ]
    },
    apply: (ctx, variant) => {
      variant.apply?.()
      if (ctx.request.parcels > 1) ctx.request.seen.add('several parcels')
      if (ctx.request.serviceChosen) ctx.request.seen.add('packed for a chosen service')
      ctx.model.move(ctx.request, 'packed', by(ctx))
      ctx.model.send(ctx.request, 'packed')
    }
  },

  dispatch: {
    roles: STAFF,
    from: ['packed'],
    weight: 10,
    variants: ({ world, person, request, model }) => {
      const fresh = Array.from({ length: Math.max(1, request.parcels) }, (_, n) =>
        trackingNumberFor(request.id, request.dispatches * 10 + n + 1)
      )
      const used = [...model.trackingUsed][0]
      const attempt = (name: string, numbers: string[], ok: boolean, weight = 1): Variant => ({
        name,
        valid: true,
        weight,
        refusal: guards(
          [model.rpSignedIn, 'no Responsible Pharmacist'],
          [!flagHolds(request), 'a flag holds it back'],
          [request.clinicallyChecked, 'no clinical check'],
          [outOfDateInBag(world, request).length === 0, 'a pack out of date'],
          [request.delivery !== 'collect', 'a collection'],
          [ok || request.delivery === 'collect', 'a tracking number wrong']
        ),
        call: () => world.core.call(person.session, 'requests.dispatch', { id: request.id, trackingNumbers: numbers }),
        apply: () => fresh.forEach((number) => model.trackingUsed.add(number))
      })
      return [
        attempt('a tracking number per parcel', fresh, true, 10),
        attempt('one number short', fresh.slice(1), false),
        attempt(
          'a wrong check digit',
          [...fresh.slice(1), fresh[0]!.replace(/\d(?=GB$)/, (d) => String((Number(d) + 1) % 10))],
          false
        ),
        ...(used ? [attempt('a number already on a parcel', [used, ...fresh.slice(1)], false)] : [])
      ]
    },
    apply: (ctx, variant) => {
      variant.apply?.()
      ctx.request.dispatches += 1
      ctx.request.parcelsOut = true
      if (ctx.request.seen.has('address answered')) ctx.request.seen.add('sent again')
      ctx.model.move(ctx.request, 'dispatched', by(ctx))
      ctx.model.send(ctx.request, 'dispatched')
    }
  },

  collect: {
    roles: STAFF,
    from: ['packed'],
    weight: 10,
    variants: ({ world, person, request, model }) => {
      const attempt = (name: string, collector: string): Variant => ({
        name,
        valid: collector.length >= 2,
        refusal: guards(
          [model.rpSignedIn, 'no Responsible Pharmacist'],
          [!flagHolds(request), 'a flag holds it back'],
          [request.clinicallyChecked, 'no clinical check'],
          [outOfDateInBag(world, request).length === 0, 'a pack out of date'],
          [request.delivery === 'collect', 'goes by carrier']
        ),
        call: () =>
          world.core.call(person.session, 'requests.collect', {
            id: request.id,
            collectedBy: { name: collector, relation: 'patient', idAsked: true, idSeen: true }
          })
      })
      return [attempt('by the patient', 'Zoë Patient'), attempt('a name of one letter', 'Z')]
    },
    apply: (ctx) => {
      ctx.request.seen.add('collected')
      ctx.model.move(ctx.request, 'delivered', by(ctx))
      ctx.model.send(ctx.request, 'dispatched', 'delivered')
    }
  },

  markDelivered: {
    roles: STAFF,
    from: ['dispatched'],
    weight: 8,
    variants: ({ world, person, request }) => [
      {
        name: 'now',
        valid: true,
        call: () => world.core.call(person.session, 'requests.markDelivered', { id: request.id })
      },
      {
        name: 'tomorrow',
        valid: true,
        weight: 0,
        refusal: no('delivered in the future'),
        call: () =>
          world.core.call(person.session, 'requests.markDelivered', {
            id: request.id,
            deliveredAt: new Date(world.clock.now().getTime() + 86_400_000).toISOString()
          })
      }
    ],
    apply: (ctx) => {
      ctx.request.parcelsOut = false
      ctx.model.move(ctx.request, 'delivered', by(ctx))
      ctx.model.send(ctx.request, 'delivered')
    }
  },

  markReturned: {
    roles: STAFF,
    from: ['dispatched', 'cancelled'],
    weight: ({ request }) => (request.seen.has('returned') ? 1 : 3),
    variants: ({ world, person, request }) => {
      const attempt = (note: string): Variant => ({
        name: note,
        valid: note.length >= 3,
        // Cancelled with no parcel out (before its dispatch, or every parcel recorded): nothing can
        // come back. The table lets the step start there; the step itself refuses.
        refusal:
          request.stage === 'cancelled' && !request.parcelsOut ? no('cancelled, no parcel out', 'conflict') : null,
        call: () => world.core.call(person.session, 'requests.markReturned', { id: request.id, note })
      })
      return [attempt('addressee gone away'), attempt('x')]
    },
    apply: (ctx) => {
      ctx.request.parcelsOut = false
      // Cancelled at Phensys after dispatch: the parcel is recorded back and Phensys, which has
      // closed the request, hears nothing; the request stays cancelled.
      if (ctx.request.stage === 'cancelled') {
        ctx.request.seen.add('returned after cancellation')
        ctx.model.move(ctx.request, 'cancelled', by(ctx))
        return
      }
      ctx.request.seen.add('returned')
      ctx.model.move(ctx.request, 'returned_to_sender', by(ctx))
      ctx.model.send(ctx.request, 'query.raised')
    }
  },

  outOfDatePackTakenOut: {
    roles: DISPENSING,
    from: ['labelled', 'accuracy_checked', 'packed'],
    // The remedy, once the clock has moved on past a short-dated pack's course: taken then.
    weight: ({ world, request }) => (outOfDateInBag(world, request).length > 0 ? 10 : 1),
    variants: ({ world, person, request }) => [
      {
        name: '',
        valid: true,
        refusal: outOfDateInBag(world, request).length > 0 ? null : no('no pack in the bag out of date'),
        call: () => world.core.call(person.session, 'requests.outOfDatePackTakenOut', { id: request.id })
      }
    ],
    apply: (ctx) => ctx.model.outOfDatePacksTakenOut(ctx.request, outOfDateInBag(ctx.world, ctx.request), ctx.person.id)
  },

  raiseQuery: {
    roles: ['pharmacist'],
    from: OPEN_STAGES.filter((stage) => stage !== 'new' && stage !== 'query_raised'),
    // A request held by a product nobody can supply gets moving through a query; elsewhere it is rare.
    weight: ({ request }) => (request.stage === 'supply_issue' ? 6 : 0.3),
    variants: ({ world, person, request }) => {
      const attempt = (message: string): Variant => ({
        name: message,
        valid: message.length >= 3,
        call: () =>
          world.core.call(person.session, 'requests.raiseQuery', { id: request.id, reason: 'clinical', message })
      })
      return [attempt('Please confirm the product.'), attempt('?')]
    },
    apply: (ctx) => {
      ctx.model.takeBackPacks(ctx.request)
      ctx.model.move(ctx.request, 'query_raised', by(ctx))
      ctx.model.send(ctx.request, 'query.raised')
    }
  },

  reject: {
    roles: ['pharmacist'],
    from: OPEN_STAGES,
    weight: 0.05,
    variants: ({ world, person, request }) => {
      const attempt = (message: string): Variant => ({
        name: message,
        valid: message.length >= 3,
        call: () => world.core.call(person.session, 'requests.reject', { id: request.id, reason: 'clinical', message })
      })
      return [attempt('Not clinically appropriate.'), attempt('no')]
    },
    apply: (ctx) => {
      ctx.model.takeBackPacks(ctx.request)
      ctx.model.releaseStock(ctx.request)
      ctx.model.move(ctx.request, 'rejected', by(ctx))
      ctx.model.send(ctx.request, 'rejected')
    }
  }
} satisfies Record<CommandBy<'person'>, PersonStep>

/** Calls the workflow depends on that are not steps of the table (they move no stage). */
const OTHER_CALLS = {
  /**
   * A pack scanned into the bag: the right one, or a wrong, expired or unknown one. The first one,
   * on a request ready to dispense, starts dispensing once it matches (the pack checked first, then
   * the start's guards); a refused one starts nothing.
   */
  scanPack: {
    roles: DISPENSING,
    from: ['ready_to_dispense', 'dispensing'],
    weight: 10,
    variants: ({ world, person, request, model }) =>
      request.lines.flatMap((line): Variant[] => {
        if (line.product === 'unavailable') return []
        const right = world.packs[line.product]
        const other = world.packs[line.product === 'sertraline' ? 'finasteride' : 'sertraline']
        const batch = line.product === 'sertraline' ? 'LOT1' : model.finasterideBatch
        const full = (request.scanned.get(line.lineId) ?? 0) >= line.packs
        const first = request.stage === 'ready_to_dispense'
        // Each code is made when it is scanned: every pack has a serial of its own.
        let raw = ''
        const scan = (name: string, code: () => string, ok: boolean, weight = 1): Variant => ({
          name: `${line.lineId} ${name}`,
          valid: true,
          weight,
          // A refused first scan is a near miss of its own: it must leave the request ready to dispense.
          refusal: guards(
            [ok, first ? `${name} as the first scan` : name],
            [!full, 'the line complete'],
            [!first || stockReserved(model, request), 'stock not reserved']
          ),
          call: () => {
            raw = code()
            return world.core.call(person.session, 'dispensing.scanPack', { id: request.id, lineId: line.lineId, raw })
          },
          apply: () => {
            request.scanned.set(line.lineId, (request.scanned.get(line.lineId) ?? 0) + 1)
            const held = request.reserved.get(line.lineId)!
            held.packs -= 1
            request.codes.push(raw)
            request.scannedBy.push(person.id)
            request.assemblers.add(person.id)
            request.scanners.add(person.id)
          }
        })
        // A short-dated pack of sertraline: booked in (a batch of its own, expiring 60 days on, so
        // it lasts any course here) just before it is scanned, where the model expects the scan
        // done; the stock check has had no chance to reserve it for anyone else. Not while a
        // request waits for sertraline (goods-in would reserve it for that one).
        const shortDated = (): Variant[] => {
          if (line.product !== 'sertraline' || waitingForSertraline(model)) return []
          const expiry = addDays(todayOf(world), SHORT_DATED_DAYS)
          const code = () =>
            packCode(right.gtin, `SOON${model.shortDatedBooked + 1}`, expiry.slice(2).replaceAll('-', ''))
          const variant = scan('a short-dated pack', code, true, full ? 0 : 3)
          return [
            {
              ...variant,
              call: async (expectedOk) => {
                if (expectedOk) {
                  raw = code()
                  const booked = await world.core.call(world.people[0]!.session, 'stock.receiveScan', {
                    raw,
                    deliveryId: null
                  })
                  if (!booked.ok) return booked
                  return world.core.call(person.session, 'dispensing.scanPack', {
                    id: request.id,
                    lineId: line.lineId,
                    raw
                  })
                }
                return variant.call(false)
              },
              apply: () => {
                model.available.sertraline += 1
                model.shortDatedBooked += 1
                variant.apply?.()
                request.shortDated.push({ lineId: line.lineId, code: raw, expiry })
                request.seen.add('short-dated pack scanned')
              }
            }
          ]
        }
        return [
          ...shortDated(),
          scan('the right pack', () => packCode(right.gtin, batch, '280630'), true, full ? 0 : 10),
          scan('another product', () => packCode(other.gtin, 'LOT1', '280630'), false),
          scan('the expired batch', () => packCode(world.packs.sertraline.gtin, 'SHORT', '261127'), false),
          scan('a batch never booked in', () => packCode(right.gtin, 'NOSUCH', '280630'), false)
        ]
      }),
    apply: (ctx, variant) => {
      const { request, person } = ctx
      if (request.stage === 'ready_to_dispense') PERSON_STEPS.startDispensing.apply(ctx)
      variant.apply?.()
      // A claim released mid-way is taken again by whoever carries the dispensing on, at their bench.
      if (request.stage === 'dispensing' && request.claim === null)
        request.claim = { bench: person.bench, person: person.id }
    }
  },

  /**
   * Someone on the staff confirms the cleaned text of the patient's name (the hidden character
   * taken out), which settles its flag: at any stage, mostly when the labels are next.
   */
  confirmCleanedText: {
    roles: STAFF,
    from: STAGES,
    weight: ({ request }) =>
      request.hiddenCharacter &&
      !request.cleanedTextConfirmed &&
      request.stage === 'dispensing' &&
      linesScanned(request)
        ? 10
        : 0,
    variants: ({ world, person, request }) =>
      request.hiddenCharacter
        ? [
            {
              name: '',
              valid: true,
              // Settled once: confirming again is a conflict.
              refusal: guards([!request.cleanedTextConfirmed, 'already confirmed', 'conflict']),
              call: async () => {
                const flags = await world.core.call(world.people[0]!.session, 'requests.flags', { id: request.id })
                const flag = flags.ok ? flags.value.find((f) => f.kind === 'control_characters') : undefined
                if (!flag) throw new Error(`${request.id} has no flag on the hidden character in its patient's name`)
                return world.core.call(person.session, 'flags.confirmCleanedText', {
                  id: flag.id,
                  text: flag.cleanedText ?? ''
                })
              }
            }
          ]
        : [],
    apply: (ctx) => {
      ctx.request.cleanedTextConfirmed = true
      ctx.request.seen.add('cleaned text confirmed')
    }
  },

  /**
   * A pharmacist acknowledges a recalled batch's flag (the pack out of the bag, in quarantine), one
   * at a time: mostly once the request is being dispensed again.
   */
  acknowledgeRecall: {
    roles: ['pharmacist'],
    from: STAGES,
    weight: ({ request }) => (request.stage === 'dispensing' || request.stage === 'ready_to_dispense' ? 10 : 1),
    variants: ({ world, person, request, model }) =>
      request.recallFlags > 0 && model.isOpen(request)
        ? [
            {
              name: '',
              valid: true,
              call: async () => {
                const flags = await world.core.call(world.people[0]!.session, 'requests.flags', { id: request.id })
                const flag = flags.ok
                  ? flags.value.find((f) => f.kind === 'batch_recalled' && f.status === 'open')
                  : undefined
                if (!flag) throw new Error(`${request.id} has no open flag of a recalled batch`)
                return world.core.call(person.session, 'flags.acknowledge', {
                  id: flag.id,
                  reason: 'Pack out of the bag, in quarantine'
                })
              }
            }
          ]
        : [],
    apply: (ctx) => {
      ctx.request.recallFlags -= 1
      ctx.request.seen.add('recall acknowledged')
    }
  },

  /** A person chooses a configured carrier for a service this pharmacy does not know. */
  chooseService: {
    roles: STAFF,
    // From arrival until it is packed.
    from: STAGES.slice(0, STAGES.indexOf('packed')),
    weight: ({ request }) => (request.delivery === 'unknown' && !request.serviceChosen ? 10 : 0),
    variants: ({ world, person, request }) => {
      // Phensys's own service, when this pharmacy knows it, leaves nothing to choose (a conflict).
      const attempt = (code: string, ok: boolean): Variant => ({
        name: code,
        valid: true,
        refusal: guards(
          [request.delivery === 'unknown', 'a service known', 'conflict'],
          [ok, 'a service not configured']
        ),
        call: () =>
          world.core.call(person.session, 'requests.chooseService', {
            id: request.id,
            code,
            reason: 'Evri is not set up here; Royal Mail instead'
          })
      })
      return [attempt('royal_mail_tracked_48', true), attempt('no_such_service', false)]
    },
    apply: (ctx) => (ctx.request.serviceChosen = true)
  }
} satisfies Record<string, PersonStep>

const verdictOf = (answer: CallResponse<unknown>): string =>
  answer.ok
    ? 'ok'
    : answer.error.code === 'forbidden' || answer.error.code === 'conflict'
      ? answer.error.code
      : ['precondition_failed', 'invalid_input', 'not_found'].includes(answer.error.code)
        ? 'refused'
        : `${answer.error.code}: ${answer.error.message}`

/**
 * What a claim keeps from every other bench (and passes to whoever does it at its own): the
 * table's steps and the pack scans of the dispensing, but not a step made beside it (the clinical
 * check).
 */
const CLAIM_BOUND = new Set<string>(
  [...Object.keys(PERSON_STEPS), 'scanPack'].filter(
    (name) => !(name in TRANSITIONS && (TRANSITIONS[name as keyof typeof TRANSITIONS] as Transition).alongsideClaim)
  )
)

/** Every attempt a person could make on this request now, and what the model expects of each. */
export function personAttempts(model: Reference, world: World, request: ModelRequest): Attempt[] {
  const steps: Record<string, PersonStep> = { ...PERSON_STEPS, ...OTHER_CALLS }
  const attempts: Attempt[] = []
  for (const [name, step] of Object.entries(steps)) {
    for (const person of world.people) {
      const ctx: Context = { model, world, request, person }
      for (const variant of step.variants(ctx)) {
        const refusal: Refusal | null = !step.roles.some((role) => person.roles.includes(role))
          ? no('role', 'forbidden')
          : !variant.valid
            ? no(`input: ${variant.name}`)
            : !step.from.includes(request.stage)
              ? no('stage', 'conflict')
              : request.claim !== null && request.claim.bench !== person.bench && CLAIM_BOUND.has(name)
                ? no('dispensed at another bench', 'conflict')
                : (variant.refusal ?? null)
        const weight = (typeof step.weight === 'function' ? step.weight(ctx) : step.weight) * (variant.weight ?? 1)
        attempts.push({
          step: name,
          label: `${name}(${request.id.slice(-1)}, ${person.name}${variant.name ? `, ${variant.name}` : ''})`,
          requestId: request.id,
          expected: refusal?.verdict ?? 'ok',
          why: refusal?.why ?? null,
          weight,
          run: async () => verdictOf(await variant.call(refusal === null)),
          apply: () => {
            const stage = request.stage
            step.apply(ctx, variant)
            // Carried on at the claim's bench, by someone else: the claim is theirs from now.
            if (request.claim && request.stage === stage && CLAIM_BOUND.has(name)) request.claim.person = person.id
          }
        })
      }
    }
  }
  // The Responsible Pharmacist steps out now and then (nothing leaves meanwhile) and comes back.
  const rp = world.people[0]!
  attempts.push(
    model.rpSignedIn
      ? {
          step: 'rpSignOut',
          label: `rp.signOut(${rp.name})`,
          requestId: null,
          expected: 'ok',
          why: null,
          weight: 0.3,
          run: async () => verdictOf(await world.core.call(rp.session, 'rp.signOut', {})),
          apply: () => (model.rpSignedIn = false)
        }
      : {
          step: 'rpSignIn',
          label: `rp.signIn(${rp.name})`,
          requestId: null,
          expected: 'ok',
          why: null,
          weight: 1,
          run: async () => verdictOf(await world.core.call(rp.session, 'rp.signIn', {})),
          apply: () => (model.rpSignedIn = true)
        }
  )
  return attempts
}

/** Recalls of the finasteride batch of the day in one run, at most: each sends requests back to wait for stock. */
const RECALLS_PER_RUN = 2

/** Calls that got no answer, tried again before a Phensys move gives up. */
const UNANSWERED_TRIES = 20

/**
 * The counter and Phensys brought level: the feed read to its end, then every event in the outbox
 * sent. A call may get no answer on the way, as at work: under load the steps between two moves
 * can hold the event loop past the sandbox's keep-alive timeout, and the next call then goes out
 * on a connection the sandbox has closed (ECONNRESET). The counter keeps such an event and sends it
 * again under its key once Phensys answers again (here the feed's answer brings it forward), so
 * the move waits for that rather than acting before Phensys has heard it.
 */
async function handOver(world: World): Promise<void> {
  const { sync, outbox } = world.core.internals
  for (let unanswered = 0; unanswered < UNANSWERED_TRIES;) {
    const pulled = await sync.pullOnce(0)
    if (pulled === 'more') continue
    if (pulled === 'expired') throw new Error('the feed answered expired')
    if (pulled === 'page') {
      await sync.pushOnce()
      const depth = outbox.depth()
      // An event Phensys refused and left for a person holds back the later ones of its request.
      if (depth.needingAPerson > 0)
        throw new Error(`events waiting for a person: ${described(outbox.needingAPerson())}`)
      if (depth.unsent === 0) return
    }
    unanswered += 1
    // A turn of the event loop: connections the sandbox closed meanwhile are let go of.
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  const left = world.core.internals.store.sqlite
    .prepare("SELECT request_id AS requestId, type, last_error AS lastError FROM outbox WHERE status = 'pending'")
    .all() as Array<{ requestId: string; type: string; lastError: string | null }>
  throw new Error(`the counter's calls to Phensys went unanswered ${UNANSWERED_TRIES} times: ${described(left)}`)
}

const described = (rows: ReadonlyArray<{ requestId: string; type: string; lastError: string | null }>): string =>
  rows.map((row) => `${row.requestId} ${row.type} (${row.lastError ?? 'not tried'})`).join('; ')

/** What Phensys (and the patient through it) may do to this request, through the sandbox. */
export function phensysAttempts(
  model: Reference,
  world: World,
  request: ModelRequest,
  /** Cancel here if Phensys can: no request has been cancelled at this stage yet. */
  preferCancel: boolean
): Attempt[] {
  const state = request.phensys
  // Phensys cancels a request in any state but these.
  const cancellable = (phensys: string) => !['dispatched', 'delivered', 'rejected', 'cancelled'].includes(phensys)
  const deciding = state === 'awaiting_patient_decision'
  const querying = state === 'query_open' || state === 'further_consultation'
  const control = (
    step: string,
    path: string,
    body: unknown,
    possible: boolean,
    weight: number,
    apply: () => void,
    /** Phensys moves before the counter's events waiting in its outbox reach it. */
    unheard = false
  ): Attempt => ({
    step,
    label: `${step}(${request.id.slice(-1)})`,
    requestId: request.id,
    expected: possible ? 'ok' : 'conflict',
    why: possible ? null : 'stage',
    weight,
    run: async () => {
      // Phensys acts on what it has heard: everything the counter sent goes first (unless the
      // move is to come before it); then the counter hears what Phensys did, and answers (a
      // cancellation's acknowledgement).
      if (!unheard) await handOver(world)
      const answer = await world.l.phensys.post(`/sandbox/requests/${request.id}/${path}`, body)
      await handOver(world)
      return answer.status < 300 ? 'ok' : answer.status === 409 ? 'conflict' : `http ${answer.status}`
    },
    apply
  })
  const changed = changedLines(request.lines)
  // New directions, as a prescriber's amendment in fulfilment: the items as they are, reworded.
  const amendedItems = itemsOf(request.lines, world.packs).map((item) => ({
    ...item,
    directions: `Take ONE tablet daily (amendment ${request.amendments + 1})`
  }))
  const labelledOrLater = ['labelled', 'accuracy_checked', 'packed'].includes(request.stage)
  const unheard = request.events.slice(request.heard)
  // News of medicine already out, refused for a cancelled request, waits for a person: left out.
  const cancelBeforeHearing =
    unheard.length > 0 &&
    model.isOpen(request) &&
    !unheard.some((type) => type === 'dispatched' || type === 'delivered')
  return [
    control(
      'phensys.cancel',
      'cancel',
      { reason: 'patient_request' },
      cancellable(state),
      preferCancel ? 30 : 0.05,
      () => model.cancelledByPhensys(request)
    ),
    // Phensys cancels while the counter's latest events are still on their way to it.
    ...(cancelBeforeHearing
      ? [
          control(
            'phensys.cancelBeforeHearing',
            'cancel',
            { reason: 'patient_request' },
            cancellable(request.heardState),
            request.id === world.ids[0] ? 0 : 0.5,
            () => model.cancelledBeforeHearing(request),
            true
          )
        ]
      : []),
    // The patient may choose again while waiting (nothing changes); mostly they choose once. Not
    // where the counter asks again while their choice to wait stands (a stock check back with the
    // patient): the same choice again changes only its time at Phensys, to the second, so whether
    // the counter hears a new choice depends on the clock.
    ...(request.waitStands && request.stage === 'awaiting_patient_decision'
      ? []
      : [
          control(
            'phensys.patientWaits',
            'decision',
            { choice: 'wait' },
            deciding,
            request.stage === 'awaiting_patient_decision' ? 10 : 0.3,
            () => model.patientWaits(request)
          )
        ]),
    control('phensys.patientCancels', 'decision', { choice: 'cancel' }, deciding, 0.3, () =>
      model.cancelledByPhensys(request)
    ),
    control('phensys.furtherConsultation', 'decision', { choice: 'further_consultation' }, deciding, 4, () =>
      model.furtherConsultation(request)
    ),
    // Phensys changes the directions while the request is worked: rare, but most telling once
    // labels are printed (they are void) or waiting in the queue.
    control(
      'phensys.amendDirections',
      'update',
      { changes: { prescription: { items: amendedItems } } },
      !['delivered', 'rejected', 'cancelled'].includes(state),
      labelledOrLater ? 1.5 : request.stage === 'dispensing' && request.labelsJob ? 1 : 0.05,
      () => model.amended(request)
    ),
    // Phensys corrects the patient's name (the same person) or changes the delivery address: rare,
    // but telling once the labels or the bag label are printed.
    control(
      'phensys.correctName',
      'update',
      {
        changes: { patient: { name: { given: CORRECTED_GIVEN_NAMES[request.renames % CORRECTED_GIVEN_NAMES.length] } } }
      },
      !['delivered', 'rejected', 'cancelled'].includes(state),
      labelledOrLater || request.stage === 'returned_to_sender' ? 1.5 : 0.05,
      () => model.nameCorrected(request)
    ),
    control(
      'phensys.changeAddress',
      'update',
      { changes: { delivery: { address: { line1: `Flat ${request.readdressed + 3}` } } } },
      !['delivered', 'rejected', 'cancelled'].includes(state),
      request.stage === 'packed' ? 3 : 0.05,
      () => model.addressChanged(request)
    ),
    control('phensys.resolve', 'resolve-query', {}, querying, request.stage === 'returned_to_sender' ? 10 : 4, () =>
      model.resolved(request, null)
    ),
    control(
      'phensys.resolveWithNewItems',
      'resolve-query',
      { changes: { prescription: { items: itemsOf(changed, world.packs) } } },
      querying,
      // A returned parcel's address answered with other items too: possible, and rare.
      request.stage === 'returned_to_sender'
        ? 0.5
        : request.lines.some((line) => line.product === 'unavailable')
          ? 10
          : 3,
      () => {
        request.seen.add('new items')
        model.resolved(request, changed)
      }
    ),
    // Phensys changes the items of a paper prescription in hand before its supply: the original
    // no longer matches, and the request goes back to wait for one that does.
    ...(request.hardCopyRequired &&
    request.hardCopyInHand &&
    !request.originalsFor.includes(JSON.stringify(changed)) &&
    ORIGINAL_REQUIRED_FROM.includes(request.stage)
      ? [
          control(
            'phensys.updateItems',
            'update',
            { changes: { prescription: { items: itemsOf(changed, world.packs) } } },
            true,
            0.5,
            () => model.itemsUpdated(request, changed)
          )
        ]
      : [])
  ]
}

/** The patient's given name as Phensys corrects it, in turn (never the name it has now). */
const CORRECTED_GIVEN_NAMES = ['Zoe', 'Zoë Anne']

/** Where new items needing another original send a request back to wait for it: before the supply. */
const ORIGINAL_REQUIRED_FROM: readonly string[] = [
  'stock_check',
  'awaiting_patient_decision',
  'awaiting_stock',
  'supply_issue',
  'ready_to_dispense',
  'dispensing',
  'labelled',
  'accuracy_checked',
  'packed'
]

/** The prescription after a consultation: an unavailable product replaced, else a quantity changed. */
function changedLines(lines: readonly ModelLine[]): ModelLine[] {
  if (lines.some((line) => line.product === 'unavailable'))
    return lines.map((line) => (line.product === 'unavailable' ? { ...line, product: 'sertraline', packs: 1 } : line))
  return lines.map((line, n) => (n === 0 ? { ...line, packs: line.packs === 1 ? 2 : 1 } : line))
}

/** A request waiting for stock that lacks sertraline: goods-in of a sertraline pack would reserve it. */
function waitingForSertraline(model: Reference): boolean {
  return [...model.requests.values()].some(
    (r) =>
      ['awaiting_patient_decision', 'awaiting_stock', 'supply_issue'].includes(r.stage) &&
      r.lines.some((line) => line.product === 'sertraline' && model.held(r, line.lineId) < line.packs)
  )
}

/**
 * The clock moves on by days (twice a run at most), where that puts a short-dated pack in a bag
 * out of date before the bag leaves: everyone signs in again (their screens locked). Only while
 * no labels wait in the print queue (labels queued that long are another test's matter).
 */
function clockMovesOn(model: Reference, world: World): Attempt[] {
  const later = addDays(todayOf(world), DAYS_MOVED_ON)
  const worthIt = [...model.requests.values()].some(
    (r) =>
      ['labelled', 'accuracy_checked', 'packed'].includes(r.stage) &&
      r.shortDated.some((pack) => {
        const line = r.lines.find((l) => l.lineId === pack.lineId)
        return pack.expiry < addDays(later, line ? world.packs.sertraline.packSize * line.packs : 0)
      }) &&
      outOfDateInBag(world, r).length === 0
  )
  const printing = [...model.requests.values()].some((r) => r.labelsJob && !r.labelsJob.printed)
  if (!worthIt || printing || model.daysMovedOn >= 2) return []
  return [
    {
      step: 'clockMovesOn',
      label: `the clock moves on ${DAYS_MOVED_ON} days`,
      requestId: null,
      expected: 'ok',
      why: null,
      weight: 3,
      run: async () => {
        world.clock.advance(DAYS_MOVED_ON * 86_400_000)
        await signInAgain(world)
        return 'ok'
      },
      apply: () => (model.daysMovedOn += 1)
    }
  ]
}

/** Things not bound to one request: the printer, goods-in, the self-check setting. */
export function otherAttempts(model: Reference, world: World): Attempt[] {
  const printing = [...model.requests.values()].some((r) => r.labelsJob && !r.labelsJob.printed)
  const waitingForFinasteride = [...model.requests.values()].some(
    (r) =>
      ['awaiting_patient_decision', 'awaiting_stock'].includes(r.stage) &&
      r.lines.some((line) => line.product === 'finasteride' && model.held(r, line.lineId) < line.packs)
  )
  const attempts: Attempt[] = [
    ...clockMovesOn(model, world),
    {
      step: 'printer',
      label: 'the printer takes its jobs',
      requestId: null,
      expected: 'ok',
      why: null,
      weight: printing ? 10 : 0,
      run: async () => {
        await world.core.internals.devices.queue.sendDue()
        return 'ok'
      },
      apply: () => {
        for (const request of model.requests.values()) {
          if (!request.labelsJob || request.labelsJob.printed) continue
          request.labelsJob.printed = true
          // The current job labels a request still dispensing (its earlier labels voided or not).
          if (request.stage !== 'dispensing') continue
          request.labelled = true
          model.move(request, 'labelled', { person: request.labelsJob.by })
          model.send(request, 'dispensing.labelled')
        }
      }
    }
  ]
  const noticeWouldReach = [...model.requests.values()].some(
    (r) =>
      ['awaiting_patient_decision', 'awaiting_stock', 'supply_issue'].includes(r.stage) &&
      r.lines.some((line) => line.product === 'finasteride' && r.onOrder.has(line.lineId))
  )
  // A recall of today's finasteride batch, taken where the model can tell what becomes of each
  // request holding it: not while one waits for stock or the patient's choice (the stock check then
  // keeps or asks again for the choice by the ETA relayed), nor a bag back from the carrier.
  const holders = model.holdingFinasteride()
  const recallTold = !holders.some((r) =>
    ['awaiting_patient_decision', 'awaiting_stock', 'supply_issue', 'returned_to_sender'].includes(r.stage)
  )
  const recallSendsBack = holders.some((r) =>
    ['ready_to_dispense', 'dispensing', 'labelled', 'accuracy_checked', 'packed'].includes(r.stage)
  )
  for (const person of world.people) {
    const pharmacist = person.roles.includes('pharmacist')
    if (recallTold && model.finasterideRecalls < RECALLS_PER_RUN)
      attempts.push({
        step: 'recallBatch',
        label: `recallBatch(${model.finasterideBatch}, ${person.name})`,
        requestId: null,
        expected: pharmacist ? 'ok' : 'forbidden',
        why: pharmacist ? null : 'role',
        weight: recallSendsBack ? 1 : 0,
        run: async () =>
          verdictOf(
            await world.core.call(person.session, 'stock.recallBatch', {
              gtin: world.packs.finasteride.gtin,
              batchNo: model.finasterideBatch,
              reference: `MHRA drug alert EL(26)A/${model.finasterideRecalls + 1}`,
              alertClass: 2
            })
          ),
        apply: () => model.recallFinasteride(person.id)
      })
  }
  for (const person of world.people) {
    const mayBookIn = person.roles.some((role) => role === 'pharmacist' || role === 'dispenser')
    // A national shortage notice on finasteride (recorded again now and then: it reaches nobody twice).
    attempts.push({
      step: 'shortageNotice',
      label: `shortageNotice(finasteride, ${person.name})`,
      requestId: null,
      expected: mayBookIn ? 'ok' : 'forbidden',
      why: mayBookIn ? null : 'role',
      weight: noticeWouldReach ? 2 : 0.05,
      run: async () =>
        verdictOf(
          await world.core.call(person.session, 'stock.raiseSupplyIssue', {
            dmdId: DMD.finasteride,
            source: 'msn',
            reference: 'MSN/2026/123',
            reason: 'Manufacturing problem',
            expectedReturn: null
          })
        ),
      apply: () => model.shortageNotice(person.id)
    })
    const admin = person.roles.includes('administrator')
    attempts.push(
      {
        step: 'goodsIn',
        label: `goodsIn(finasteride, ${person.name})`,
        requestId: null,
        expected: mayBookIn ? 'ok' : 'forbidden',
        why: mayBookIn ? null : 'role',
        weight: waitingForFinasteride ? 1.5 : 0.1,
        run: async () =>
          verdictOf(
            await world.core.call(person.session, 'stock.receiveScan', {
              raw: packCode(world.packs.finasteride.gtin, model.finasterideBatch, '280630'),
              deliveryId: null
            })
          ),
        apply: () => {
          model.available.finasteride += 1
          for (const request of model.stockArrived()) {
            request.seen.add('stock arrived')
            model.move(request, 'ready_to_dispense', { person: person.id })
            model.send(request, 'stock.available')
          }
        }
      },
      {
        step: 'setAllowSelfCheck',
        label: `setAllowSelfCheck(${!model.selfCheckAllowed}, ${person.name})`,
        requestId: null,
        expected: admin ? 'ok' : 'forbidden',
        why: admin ? null : 'role',
        weight: 0.3,
        run: async () =>
          verdictOf(
            await world.core.call(person.session, 'dispensing.setAllowSelfCheck', { allowed: !model.selfCheckAllowed })
          ),
        apply: () => (model.selfCheckAllowed = !model.selfCheckAllowed)
      }
    )
  }
  // The Responsible Pharmacist steps out now and then (nothing leaves meanwhile) and comes back.
  const rp = world.people[0]!
  attempts.push(
    model.rpSignedIn
      ? {
          step: 'rpSignOut',
          label: `rp.signOut(${rp.name})`,
          requestId: null,
          expected: 'ok',
          why: null,
          weight: 0.3,
          run: async () => verdictOf(await world.core.call(rp.session, 'rp.signOut', {})),
          apply: () => (model.rpSignedIn = false)
        }
      : {
          step: 'rpSignIn',
          label: `rp.signIn(${rp.name})`,
          requestId: null,
          expected: 'ok',
          why: null,
          weight: 1,
          run: async () => verdictOf(await world.core.call(rp.session, 'rp.signIn', {})),
          apply: () => (model.rpSignedIn = true)
        }
  )
  return attempts
}
