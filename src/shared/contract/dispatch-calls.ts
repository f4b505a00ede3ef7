/**
 * Packing and dispatch: the carriers' configuration, the service a request goes by,
 * pack (scan the bag, choose parcels, print bag labels and a dispatch note), dispatch with
 * tracking numbers or hand over at the counter, delivered or returned (by hand or from a
 * carrier's CSV), and the end-of-day manifests.
 */
import { z } from 'zod'
import { opaqueId } from '../phensys/opaque-id'
import { basedOnRevision } from '../workflow/revision'
import type { Role } from '../roles'
import { carriersSchema, type CarriersConfig } from '../dispatch/carriers'
import { TRANSITIONS } from '../workflow/transitions'
import { call } from './define'
import type { ExportedFile } from './exported-file'
import type { ManifestView, OutcomeImportReport, ShipmentView } from './dispatch-views'
import type { LabelPreview } from './device-views'
import type { RequestDetail } from './views'

const requestId = opaqueId
const timestamp = z.iso.datetime({ message: 'an RFC 3339 UTC timestamp, e.g. 2026-11-26T10:02:11Z' })
const day = z.iso.date({ message: 'a date, e.g. 2026-11-26' })
const STAFF: readonly Role[] = ['pharmacist', 'dispenser', 'accuracy_checker']

export const dispatchCalls = {
  'dispatch.carriers': call<CarriersConfig>()({ input: z.object({}), access: 'anyUser', mutates: false }),
  'dispatch.saveCarriers': call<CarriersConfig>()({ input: carriersSchema, access: ['administrator'], mutates: true }),
  'dispatch.shipment': call<ShipmentView>()({ input: z.object({ id: requestId }), access: STAFF, mutates: false }),
  'dispatch.packingPreview': call<{ bag: LabelPreview[]; note: LabelPreview[] }>()({
    input: z.object({ id: requestId, parcels: z.number().int().min(1).max(20) }),
    access: STAFF,
    mutates: false
  }),
  'requests.chooseService': call<ShipmentView>()({
    input: z.object({ id: requestId, code: z.string().min(1).max(64), reason: z.string().trim().min(3).max(500) }),
    access: STAFF,
    mutates: true
  }),
  'requests.pack': call<RequestDetail>()({
    input: z
      .object({
        id: requestId,
        basedOnRevision,
        bagScan: z.string().min(1).max(500),
        parcels: z.number().int().min(1).max(20),
        /**
         * Which packs of the bag (dispensed pack ids, as `dispensing.view` lists them) go in each
         * parcel, one list per parcel. Said, a parcel that comes back gives back exactly its packs;
         * not said with several parcels, a pharmacist corrects the registers after a partial return.
         */
        contents: z.array(z.array(z.number().int().positive()).min(1).max(200)).min(1).max(20).optional()
      })
      .refine((input) => input.contents === undefined || input.contents.length === input.parcels, {
        message: 'Say which packs go in each parcel: one list per parcel',
        path: ['contents']
      }),
    access: TRANSITIONS.pack.roles,
    mutates: true
  }),
  'requests.dispatch': call<RequestDetail>()({
    input: z.object({
      id: requestId,
      basedOnRevision,
      trackingNumbers: z.array(z.string().trim().min(1).max(64)).max(20)
    }),
    access: TRANSITIONS.dispatch.roles,
    mutates: true
  }),
  'requests.collect': call<RequestDetail>()({
    input: z.object({
      id: requestId,
      basedOnRevision,
      collectedBy: z
        .object({
          name: z.string().trim().min(2).max(128),
          relation: z.enum(['patient', 'representative', 'healthcare_professional']),
          /** A healthcare professional's (work) address: the CD register needs it for a Schedule 2 drug. */
          address: z.string().trim().min(5).max(300).optional(),
          idAsked: z.boolean(),
          idSeen: z.boolean()
        })
        .refine((c) => c.idAsked || !c.idSeen, {
          message: 'ID cannot have been seen if it was not asked for',
          path: ['idSeen']
        })
    }),
    access: TRANSITIONS.collect.roles,
    mutates: true
  }),
  /**
   * The last dispatch delivered: the table's step. While the request is dispatched again with a
   * parcel of an earlier dispatch still with the carrier, the person says which was delivered (V's
   * dialog, "Which parcel was delivered"): `lastDispatch` for this step, or the earlier parcel by
   * `requests.markParcelDelivered`; without it the step is refused, never taken by default.
   */
  'requests.markDelivered': call<RequestDetail>()({
    input: z.object({
      id: requestId,
      basedOnRevision,
      deliveredAt: timestamp.optional(),
      lastDispatch: z.literal(true).optional()
    }),
    access: TRANSITIONS.markDelivered.roles,
    mutates: true
  }),
  'requests.markReturned': call<RequestDetail>()({
    input: z.object({
      id: requestId,
      basedOnRevision,
      returnedAt: timestamp.optional(),
      note: z.string().trim().min(3).max(500)
    }),
    access: TRANSITIONS.markReturned.roles,
    mutates: true
  }),
  /**
   * Another parcel of a dispatch already returned to sender, back at the counter: recorded on the
   * parcel (named by its number on the bag label), the stage as it is, Phensys not asked again.
   * With `dispatchedAt`, a parcel of that earlier dispatch (the request sent again since), still
   * out, back: recorded as a carrier's line for it is.
   */
  'requests.markParcelReturned': call<ShipmentView>()({
    input: z.object({
      id: requestId,
      parcel: z.number().int().min(1).max(20),
      dispatchedAt: timestamp.optional(),
      returnedAt: timestamp.optional(),
      note: z.string().trim().min(3).max(500)
    }),
    access: TRANSITIONS.markReturned.roles,
    mutates: true
  }),
  /**
   * Another parcel of a dispatch already returned to sender delivered after all (the carrier says
   * so by phone): recorded on the parcel with what the carrier said, the stage as it is.
   * With `dispatchedAt`, a parcel of that earlier dispatch (the request sent again since), still
   * out, delivered: recorded as a carrier's line for it is (the sent-twice flag where packing did
   * not say what was in it); Phensys hears nothing.
   */
  'requests.markParcelDelivered': call<ShipmentView>()({
    input: z.object({
      id: requestId,
      parcel: z.number().int().min(1).max(20),
      dispatchedAt: timestamp.optional(),
      deliveredAt: timestamp.optional(),
      note: z.string().trim().min(3).max(500)
    }),
    access: TRANSITIONS.markDelivered.roles,
    mutates: true
  }),
  'dispatch.manifest': call<ManifestView>()({ input: z.object({ date: day }), access: STAFF, mutates: false }),
  'dispatch.manifestPdf': call<ExportedFile>()({
    input: z.object({ date: day, carrier: z.string().min(1).max(64) }),
    access: STAFF,
    mutates: false
  }),
  'dispatch.importOutcomes': call<OutcomeImportReport>()({
    input: z.object({ fileName: z.string().max(256), csv: z.string().min(1).max(5_000_000) }),
    access: STAFF,
    mutates: true
  })
} as const
