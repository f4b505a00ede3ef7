/**
 * The dispensing calls, from `ready_to_dispense` to `accuracy_checked`: scan every pack, print
 * the labels, the accuracy check (by someone who assembled none of it); the clinical check, made
 * before, is in clinical-calls and packing and dispatch in dispatch-calls. Who may run each comes
 * from the transition table.
 */
import { z } from 'zod'
import { opaqueId } from '../phensys/opaque-id'
import { basedOnRevision } from '../workflow/revision'
import type { Role } from '../roles'
import { TRANSITIONS } from '../workflow/transitions'
import { call } from './define'
import type { DispensingView, RescanFeedback } from './dispensing-views'
import type { RequestDetail } from './views'

const requestId = opaqueId
const scanText = z.string().min(1).max(500)
const STAFF: readonly Role[] = ['pharmacist', 'dispenser', 'accuracy_checker']

export const dispensingCalls = {
  'requests.startDispensing': call<RequestDetail>()({
    input: z.object({ id: requestId, basedOnRevision }),
    access: TRANSITIONS.startDispensing.roles,
    mutates: true
  }),
  'dispensing.scanPack': call<DispensingView>()({
    input: z.object({ id: requestId, basedOnRevision, lineId: opaqueId, raw: scanText }),
    access: TRANSITIONS.startDispensing.roles,
    mutates: true
  }),
  'dispensing.view': call<DispensingView>()({ input: z.object({ id: requestId }), access: STAFF, mutates: false }),
  'dispensing.setAllowSelfCheck': call<{ allowSelfCheck: boolean }>()({
    input: z.object({ allowed: z.boolean() }),
    access: ['administrator'],
    mutates: true
  }),
  'requests.printLabels': call<RequestDetail>()({
    input: z.object({ id: requestId, basedOnRevision }),
    access: TRANSITIONS.printLabels.roles,
    mutates: true
  }),
  /**
   * The packs in the bag that no longer last the course counted from today, out to quarantine;
   * back to dispensing for a replacement (or to the stock check where none is free).
   */
  'requests.outOfDatePackTakenOut': call<RequestDetail>()({
    input: z.object({ id: requestId, basedOnRevision }),
    access: TRANSITIONS.outOfDatePackTakenOut.roles,
    mutates: true
  }),
  /**
   * One re-scan of the accuracy check, judged at once: a refused scan is not kept; the re-scan
   * that completes the bag records the check (through the accuracy check's step).
   */
  'dispensing.rescan': call<RescanFeedback>()({
    input: z.object({ id: requestId, raw: scanText }),
    access: TRANSITIONS.accuracyCheck.roles,
    mutates: true
  }),
  /** The re-scans made so far are forgotten: the check starts again from the first pack. */
  'dispensing.clearRescans': call<{ cleared: number }>()({
    input: z.object({ id: requestId }),
    access: TRANSITIONS.accuracyCheck.roles,
    mutates: true
  }),
  /** The pharmacy's dispensing rules an administrator sets. */
  'dispensing.rules': call<{ allowSelfCheck: boolean; autoLabels: boolean }>()({
    input: z.object({}),
    access: [...STAFF, 'administrator'],
    mutates: false
  }),
  /** Labels print by themselves once the last pack is matched and the clinical check made. */
  'dispensing.setAutoLabels': call<{ autoLabels: boolean }>()({
    input: z.object({ enabled: z.boolean() }),
    access: ['administrator'],
    mutates: true
  }),
  'requests.accuracyCheck': call<RequestDetail>()({
    input: z.object({ id: requestId, basedOnRevision, rescans: z.array(scanText).min(1).max(200) }),
    access: TRANSITIONS.accuracyCheck.roles,
    mutates: true
  })
} as const
