import { z } from 'zod'
import { opaqueId } from '../phensys/opaque-id'
import { call } from './define'
import {
  deviceSettingsSchema,
  labelStockSettingsSchema,
  wedgeSettingsSchema,
  type WedgeSettings
} from '../devices/settings'
import type { DevicesView, LabelPreview, PrintJobView, PrintedLabelView, ScanView } from './device-views'
import { REPRINT_REASONS } from './device-views'

const requestId = opaqueId

export const deviceCalls = {
  /** A keyboard-wedge scan the renderer recognised; main classifies it like any other scan. */
  'scan.submit': call<ScanView>()({
    input: z.object({ raw: z.string().min(1).max(4096), source: z.literal('wedge') }),
    access: 'anyUser',
    mutates: false
  }),
  /** The wedge detector's settings, for every signed-in window. */
  'devices.wedge': call<WedgeSettings>()({ input: z.object({}), access: 'anyUser', mutates: false }),
  'devices.status': call<DevicesView>()({ input: z.object({}), access: 'anyUser', mutates: false }),
  'devices.ports': call<Array<{ path: string; present: boolean; description: string | null }>>()({
    input: z.object({}),
    access: ['administrator'],
    mutates: false
  }),
  'devices.setSettings': call<DevicesView>()({ input: deviceSettingsSchema, access: ['administrator'], mutates: true }),
  /** What pairing learnt about a keyboard-wedge scanner. */
  'devices.setWedge': call<WedgeSettings>()({
    input: wedgeSettingsSchema,
    access: ['administrator', 'pharmacist'],
    mutates: true
  }),
  'devices.pairingCode': call<{ payload: string; svg: string }>()({
    input: z.object({}),
    access: 'anyUser',
    mutates: false
  }),

  /** A request's dispensing labels as they will print: one set per pack, and how many sets. */
  'labels.preview': call<{ dispensing: LabelPreview[]; sets: number }>()({
    input: z.object({ requestId }),
    access: 'anyUser',
    mutates: false
  }),
  /** The test label on a stock not yet saved: the settings screen shows it as the stock changes. */
  'labels.sample': call<LabelPreview[]>()({
    input: labelStockSettingsSchema,
    access: 'anyUser',
    mutates: false
  }),
  'print.testLabel': call<PrintJobView>()({
    input: z.object({}),
    access: ['administrator', 'pharmacist'],
    mutates: true
  }),
  'print.jobs': call<PrintJobView[]>()({
    input: z.object({ requestId: requestId.optional() }),
    access: 'anyUser',
    mutates: false
  }),
  /** The labels of a job, one by one, with the set each belongs to: to choose what to print again. */
  'print.jobLabels': call<PrintedLabelView[]>()({
    input: z.object({ id: z.number().int().positive() }),
    access: ['pharmacist', 'dispenser', 'accuracy_checker'],
    mutates: false
  }),
  /**
   * Prints a delivered job again, all of it or the labels chosen (their positions in the job);
   * recorded in the audit trail with the reason chosen from the list (other: said in words).
   */
  'print.reprint': call<PrintJobView>()({
    input: z
      .object({
        id: z.number().int().positive(),
        labels: z.array(z.number().int().positive()).min(1).max(500).optional(),
        reason: z.enum(REPRINT_REASONS),
        note: z.string().trim().max(200).default('')
      })
      .refine((input) => input.reason !== 'other' || input.note.length >= 3, {
        message: 'Say why in a few words when the reason is other.',
        path: ['note']
      }),
    access: ['pharmacist', 'dispenser', 'accuracy_checker'],
    mutates: true
  }),
  /** After a send that may or may not have printed: a person looks at the printer and says. */
  'print.resolveUnconfirmed': call<PrintJobView>()({
    input: z.object({ id: z.number().int().positive(), printed: z.boolean() }),
    access: ['pharmacist', 'dispenser', 'accuracy_checker'],
    mutates: true
  })
} as const
