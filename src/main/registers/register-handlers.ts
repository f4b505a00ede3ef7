import { type HandlerContext, type Handlers, requireActor } from '../contract'
import { londonDate } from '../../shared/time/london'
import { toMilli } from '../../shared/stock/units'
import type { PatientReturns } from './patient-returns'
import type { Registers } from './registers'
import { type ExportMeta, exportCd, exportPatientReturns, exportPom, exportRecall } from './register-exports'

type RegisterCallName = Extract<keyof Handlers, `registers.${string}`>

/** An export is stamped with when and by whom it was made. */
const exportMeta = (ctx: HandlerContext, format: ExportMeta['format']): ExportMeta => ({
  format,
  generatedAt: ctx.now,
  generatedBy: requireActor(ctx).displayName
})

/**
 * The register calls. Reads for staff; corrections by a pharmacist, each a new entry with its
 * audit entry. Exports are reads too (a PDF is made asynchronously, outside any transaction).
 */
export function registerHandlers(deps: {
  registers: Registers
  patientReturns: PatientReturns
}): Pick<Handlers, RegisterCallName> {
  const { cd, pom, recall } = deps.registers
  const { patientReturns } = deps
  return {
    'registers.pom.list': (_ctx, input) => ({
      from: input.from,
      to: input.to,
      entries: pom.list(input.from, input.to, input.search)
    }),
    'registers.pom.correct': (ctx, input) => {
      const actor = requireActor(ctx)
      const entry = pom.correct(
        input.entryId,
        input.note,
        input.corrected,
        { id: actor.id, name: actor.displayName },
        ctx.now
      )
      // The audit names what changed, not the patient's details (administrators read the audit).
      ctx.audit({
        entityType: 'pom_register',
        entityId: entry.requestId,
        summary: { entryId: entry.id, corrects: input.entryId, correctedFields: Object.keys(input.corrected ?? {}) }
      })
      return entry
    },
    'registers.pom.export': (ctx, input) =>
      exportPom(pom.list(input.from, input.to, input.search), input, exportMeta(ctx, input.format)),

    'registers.cd.sections': () => cd.sections(),
    'registers.cd.list': (_ctx, input) => ({
      section: cd.section(input.sectionId),
      entries: cd.entries(input.sectionId, input.from, input.to)
    }),
    'registers.cd.open': (ctx, input) => {
      const actor = requireActor(ctx)
      const entry = cd.openSection(input.vmpId, {
        balanceMilli: toMilli(input.balance),
        note: input.note,
        at: ctx.now.toISOString(),
        entryDate: londonDate(ctx.now),
        recordedBy: { id: actor.id, name: actor.displayName }
      })
      ctx.audit({
        entityType: 'cd_register',
        entityId: String(entry.sectionId),
        summary: { opened: input.vmpId, balance: input.balance, note: input.note }
      })
      return entry
    },
    'registers.cd.correct': (ctx, input) => {
      const actor = requireActor(ctx)
      const entry = cd.correct(input.sectionId, {
        correctsEntryId: input.correctsEntryId,
        note: input.note,
        changeMilli: toMilli(input.change),
        at: ctx.now.toISOString(),
        entryDate: londonDate(ctx.now),
        recordedBy: { id: actor.id, name: actor.displayName }
      })
      ctx.audit({
        entityType: 'cd_register',
        entityId: String(input.sectionId),
        summary: {
          entryId: entry.id,
          seq: entry.seq,
          corrects: input.correctsEntryId,
          change: input.change,
          note: input.note
        }
      })
      return entry
    },
    'registers.patientReturns.record': (ctx, input) => {
      const actor = requireActor(ctx)
      const returned = patientReturns.record(input, { id: actor.id, name: actor.displayName }, ctx.now)
      ctx.audit({
        entityType: 'request',
        entityId: returned.requestId,
        summary: {
          patientReturn: returned.id,
          lineId: returned.lineId,
          drug: returned.drug,
          quantity: returned.quantity
        }
      })
      return returned
    },
    'registers.patientReturns.destroy': (ctx, input) => {
      const actor = requireActor(ctx)
      const destroyed = patientReturns.destroy(
        input.returnId,
        input.witness,
        { id: actor.id, name: actor.displayName },
        ctx.now
      )
      ctx.audit({
        entityType: 'request',
        entityId: destroyed.requestId,
        summary: { patientReturnDestroyed: destroyed.id, witness: input.witness }
      })
      return destroyed
    },
    'registers.patientReturns.list': (_ctx, input) =>
      patientReturns.list(input.from, input.to, input.awaitingDestruction ?? false),
    'registers.patientReturns.export': (ctx, input) =>
      exportPatientReturns(patientReturns.list(input.from, input.to), input, exportMeta(ctx, input.format)),
    'registers.cd.export': (ctx, input) =>
      exportCd(
        { section: cd.section(input.sectionId), entries: cd.entries(input.sectionId, input.from, input.to) },
        input,
        exportMeta(ctx, input.format)
      ),

    'registers.recall.search': (_ctx, input) => recall.search(input, { offset: input.offset, limit: input.limit }),
    'registers.recall.export': (ctx, input) =>
      exportRecall(recall.search(input.criteria), exportMeta(ctx, input.format))
  }
}
