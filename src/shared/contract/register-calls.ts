/**
 * The registers the law requires (POM register, CD register for Schedule 2) and batch recall.
 * Every view is read-only and filterable by date; corrections are new entries by a pharmacist.
 * Staff read them; administrators do not see patients' data.
 */
import { z } from 'zod'
import type { Role } from '../roles'
import { calendarDate } from './dates'
import { call } from './define'
import type { ExportedFile } from './exported-file'
import type {
  CdEntryView,
  CdSectionSummary,
  CdSectionView,
  PatientReturnView,
  PomEntryView,
  PomRegisterView,
  RecallView
} from './register-views'

const REGISTER_READERS: readonly Role[] = ['pharmacist', 'dispenser', 'accuracy_checker']
const PHARMACIST: readonly Role[] = ['pharmacist']

const date = calendarDate
const note = z.string().trim().min(3, 'say why, in a few words').max(1000)
const format = z.enum(['csv', 'pdf'])
const rowId = z.number().int().positive()
const fromNotAfterTo = (range: { from?: string | undefined; to?: string | undefined }) =>
  !range.from || !range.to || range.from <= range.to
const rangeMessage = { message: '"from" must not be after "to"', path: ['to'] }

const pomFilter = z.object({ from: date, to: date, search: z.string().trim().max(100).optional() })
/** Either end left out: from the first entry, or to the last. */
const dateRange = z.object({ from: date.optional(), to: date.optional() })
const cdFilter = dateRange.extend({ sectionId: rowId })

/** The POM entry's fields a correction may restate; the rest is copied from the entry it corrects. */
export const pomCorrectionFieldsSchema = z
  .object({
    medicineName: z.string().trim().min(1).max(200),
    strength: z.string().trim().max(100).nullable(),
    form: z.string().trim().max(100).nullable(),
    quantity: z.number().positive().max(1_000_000),
    unit: z.string().trim().min(1).max(40),
    prescriberName: z.string().trim().min(1).max(200),
    prescriberAddress: z.string().trim().max(500).nullable(),
    patientName: z.string().trim().min(1).max(200),
    patientAddress: z.string().trim().min(1).max(500),
    prescriptionDate: date.nullable(),
    emergencySupply: z.boolean(),
    emergencyPrescriptionReceived: date.nullable(),
    emergencyNature: z.string().trim().max(500).nullable()
  })
  .partial()

export const recallCriteriaSchema = z.union([
  z.object({
    /** A VMP, AMP or AMPP dm+d code, or part of a product's name. */
    product: z.string().trim().min(3).max(100),
    batchNo: z.string().trim().min(1).max(40).optional()
  }),
  z
    .object({ gtin: z.string().regex(/^\d{8,14}$/, 'a GTIN of 8 to 14 digits'), expiryFrom: date, expiryTo: date })
    .refine((c) => c.expiryFrom <= c.expiryTo, {
      message: '"expiryFrom" must not be after "expiryTo"',
      path: ['expiryTo']
    })
])

export const registerCalls = {
  'registers.pom.list': call<PomRegisterView>()({
    input: pomFilter.refine(fromNotAfterTo, rangeMessage),
    access: REGISTER_READERS,
    mutates: false
  }),
  /** A new entry that restates the old one with the corrections; the old entry is never changed. */
  'registers.pom.correct': call<PomEntryView>()({
    input: z.object({ entryId: rowId, note, corrected: pomCorrectionFieldsSchema.default({}) }),
    access: PHARMACIST,
    mutates: true
  }),
  'registers.pom.export': call<ExportedFile>()({
    input: pomFilter.extend({ format }).refine(fromNotAfterTo, rangeMessage),
    access: REGISTER_READERS,
    mutates: false
  }),

  'registers.cd.sections': call<CdSectionSummary[]>()({
    input: z.object({}),
    access: REGISTER_READERS,
    mutates: false
  }),
  'registers.cd.list': call<CdSectionView>()({
    input: cdFilter.refine(fromNotAfterTo, rangeMessage),
    access: REGISTER_READERS,
    mutates: false
  }),
  /**
   * Opens the section of a Schedule 2 drug with the balance brought forward (from the paper
   * register when the app takes over), as a dated entry with a note. A section also opens by itself
   * at its drug's first receipt or supply.
   */
  'registers.cd.open': call<CdEntryView>()({
    input: z.object({
      vmpId: z.string().regex(/^\d{6,20}$/, 'a dm+d code is 6 to 20 digits'),
      balance: z.number().finite().min(0).max(1_000_000),
      note
    }),
    access: PHARMACIST,
    mutates: true
  }),
  /**
   * A dated correcting entry in a section: a note, optionally naming the entry it corrects, and
   * the change to the running balance it makes (in the section's unit; 0 for a note only).
   */
  'registers.cd.correct': call<CdEntryView>()({
    input: z.object({
      sectionId: rowId,
      correctsEntryId: rowId.nullable().default(null),
      note,
      change: z.number().finite().min(-1_000_000).max(1_000_000).default(0)
    }),
    access: PHARMACIST,
    mutates: true
  }),
  'registers.cd.export': call<ExportedFile>()({
    input: cdFilter.extend({ format }).refine(fromNotAfterTo, rangeMessage),
    access: REGISTER_READERS,
    mutates: false
  }),

  /**
   * Schedule 2 CDs a patient brought back, from a delivered request's line: a record of their own,
   * never a receipt of the CD register (the balance is not touched).
   */
  'registers.patientReturns.record': call<PatientReturnView>()({
    input: z.object({
      id: z.string().trim().min(1).max(100),
      lineId: z.string().trim().min(1).max(100),
      quantity: z.number().positive().max(1_000_000),
      note: z.string().trim().max(1000).optional()
    }),
    access: PHARMACIST,
    mutates: true
  }),
  /** Their destruction, once, before an authorised witness (named, as the CD register's destructions are). */
  'registers.patientReturns.destroy': call<PatientReturnView>()({
    input: z.object({
      returnId: rowId,
      witness: z.string().trim().min(3, "the authorised witness's name").max(200)
    }),
    access: PHARMACIST,
    mutates: true
  }),
  /** By the day they were received, newest first. */
  'registers.patientReturns.list': call<PatientReturnView[]>()({
    /** `awaitingDestruction`: also every return not yet destroyed, first, whatever the dates (the tab). */
    input: dateRange.extend({ awaitingDestruction: z.boolean().optional() }).refine(fromNotAfterTo, rangeMessage),
    access: REGISTER_READERS,
    mutates: false
  }),
  'registers.patientReturns.export': call<ExportedFile>()({
    input: dateRange.extend({ format }).refine(fromNotAfterTo, rangeMessage),
    access: REGISTER_READERS,
    mutates: false
  }),

  /** A page of the bags a batch went into, those still in the pharmacy first; the counts are of all of them. */
  'registers.recall.search': call<RecallView>()({
    input: recallCriteriaSchema.and(
      z.object({ offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(100) })
    ),
    access: REGISTER_READERS,
    mutates: false
  }),
  'registers.recall.export': call<ExportedFile>()({
    input: z.object({ criteria: recallCriteriaSchema, format }),
    access: REGISTER_READERS,
    mutates: false
  })
} as const
