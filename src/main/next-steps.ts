/**
 * The steps the counter takes for the person when nothing needs anyone's judgement, so that the
 * person's next action is the next thing only a person can do:
 * - accepting, or the original received and matched, runs the stock check that comes next;
 * - the first pack scanned on a request ready to dispense starts dispensing, once the pack is
 *   matched: the start and the scan are one step, and a refused scan starts nothing (it leaves the
 *   request ready to dispense, with what it saw kept in the audit);
 * - the labels print once every pack is matched and the clinical check is made (whichever comes
 *   last), when the pharmacy's `autoLabels` setting is on (it is by default). Where the check comes
 *   last, the labels are recorded as the packs' assembler's (the last one to scan a pack): the
 *   pharmacist's check released them, and it is not assembly, so it does not keep the pharmacist
 *   from the accuracy check.
 * Each is the same step a key would take, through the workflow's table with its guards, audited
 * under its own name and in the transaction of the action that caused it. A step that cannot be
 * taken (a guard refuses: the clinical check not made yet, the labels already queued, a label that
 * cannot be laid out) is left for a person, who sees the stage and the key it still offers; the
 * action that caused it stands.
 */
import type Database from 'better-sqlite3'
import type { CallName, DispensingView, ParsedInput, RequestDetail } from '../shared/contract'
import { type HandlerContext, type Handlers, requireActor } from './contract'
import { CounterError } from './errors'
import type { SettingsRepo } from './settings'
import type { Workflow } from './workflow'

/** The person the labels are recorded as asked for by. */
interface Person {
  id: string
  name: string
}

type Automated = 'requests.accept' | 'requests.receiveHardCopy' | 'dispensing.scanPack' | 'requests.clinicalCheck'

interface Parts {
  sqlite: Database.Database
  workflow: Workflow
  settings: SettingsRepo
  /** Every pack of every line scanned and matched. */
  everyPackMatched(requestId: string): boolean
  /** Who scanned the request's last pack into the bag, or null. */
  lastAssembler(requestId: string): Person | null
  /** A pack scanned into the bag, `whenMatched` taken once it matches and before it is recorded. */
  scanPack(ctx: HandlerContext, input: ParsedInput<'dispensing.scanPack'>, whenMatched?: () => void): DispensingView
  /** The print labels step, the labels recorded as `labeller`'s. */
  printLabels(ctx: HandlerContext, requestId: string, labeller: Person): RequestDetail
}

/** The context of a step taken on the person's behalf: audited under that step's own call. */
function asStep(ctx: HandlerContext, name: CallName): HandlerContext {
  // The person's own action was checked against the revision their screen showed; the step it
  // leads to is based on what that action has just written, so it names no revision of its own.
  return { ...ctx, basedOnRevision: null, audit: (note) => ctx.audit({ ...note, command: note.command ?? name }) }
}

/**
 * Takes a step for the person, inside a savepoint, so a refusal undoes only this step. Says
 * whether it ran.
 */
function tryStep(parts: Parts, step: () => unknown): boolean {
  try {
    parts.sqlite.transaction(step)()
    return true
  } catch (error) {
    if (error instanceof CounterError) return false
    throw error
  }
}

export function nextStepsTaken(handlers: Handlers, parts: Parts): Pick<Handlers, Automated> {
  const { workflow, settings } = parts
  const stageIs = (id: string, command: Parameters<Workflow['allows']>[0]) => {
    const stage = workflow.stageOf(id)
    return stage !== undefined && workflow.allows(command, stage)
  }

  /**
   * Labels, once every pack is matched (and the table's guards, the clinical check among them,
   * allow it), as `labeller`'s: the one who scanned the last pack, or the packs' last assembler.
   */
  const labelsIfDue = (ctx: HandlerContext, id: string, labeller: Person | null): void => {
    if (!labeller || !settings.get('autoLabels') || !stageIs(id, 'printLabels') || !parts.everyPackMatched(id)) return
    const step = asStep(ctx, 'requests.printLabels')
    tryStep(parts, () => parts.printLabels(step, id, labeller))
  }

  /**
   * Where labels a clinical check released are taken: at the bench that holds the request, for its
   * holder. The check is made beside a claim, from any bench; the labels print where the packs are,
   * the dispenser's claim does not refuse them, and it stays the dispenser's.
   */
  const atClaimsBench = (ctx: HandlerContext, id: string): HandlerContext => {
    const claim = workflow.claimOn(id)
    if (!claim) return ctx
    const bench = { id: claim.benchId, name: claim.benchName }
    return { ...ctx, session: { ...ctx.session, bench }, forClaimHolder: true }
  }

  /** The stock check, when the step before led to it: it needs no one's judgement. */
  const stockCheckIfDue = <T>(ctx: HandlerContext, id: string, before: T): T => {
    if (!stageIs(id, 'checkStock')) return before
    return tryStep(parts, () => handlers['requests.checkStock'](asStep(ctx, 'requests.checkStock'), { id }))
      ? (handlers['requests.get'](ctx, { id }) as T)
      : before
  }

  return {
    'requests.accept': (ctx, input) => stockCheckIfDue(ctx, input.id, handlers['requests.accept'](ctx, input)),
    'requests.receiveHardCopy': (ctx, input) =>
      stockCheckIfDue(ctx, input.id, handlers['requests.receiveHardCopy'](ctx, input)),

    'dispensing.scanPack': (ctx, input) => {
      // The first pack scanned starts dispensing: the same step as the D key, guards and all, taken
      // only once the pack matches, so a refused scan leaves the request as it was.
      const startDispensing = () =>
        handlers['requests.startDispensing'](asStep(ctx, 'requests.startDispensing'), { id: input.id })
      const view = parts.scanPack(ctx, input, stageIs(input.id, 'startDispensing') ? startDispensing : undefined)
      if (!view.complete) return view
      const actor = requireActor(ctx)
      labelsIfDue(ctx, input.id, { id: actor.id, name: actor.displayName })
      return handlers['dispensing.view'](ctx, { id: input.id })
    },

    'requests.clinicalCheck': (ctx, input) => {
      const checked = handlers['requests.clinicalCheck'](ctx, input)
      labelsIfDue(atClaimsBench(ctx, input.id), input.id, parts.lastAssembler(input.id))
      return checked
    }
  }
}
