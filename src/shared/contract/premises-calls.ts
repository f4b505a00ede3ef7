/**
 * One pharmacy, several benches: the host's administrator pairs and revokes workstations and sees
 * the backups; a person releases the request they hold, or a pharmacist takes one over.
 */
import { z } from 'zod'
import { opaqueId } from '../phensys/opaque-id'
import { basedOnRevision } from '../workflow/revision'
import { call } from './define'
import type { BenchPrintingView, PairingCodeView, PremisesOverview } from './premises-views'
import type { RequestDetail } from './views'

const requestId = opaqueId

export const premisesCalls = {
  'premises.overview': call<PremisesOverview>()({ input: z.object({}), access: ['administrator'], mutates: false }),
  'premises.pairingCode': call<PairingCodeView>()({ input: z.object({}), access: ['administrator'], mutates: true }),
  'premises.revoke': call<null>()({
    input: z.object({ id: z.string().min(1).max(64) }),
    access: ['administrator'],
    mutates: true
  }),
  /** Back up the store now, as the schedule does, and check the copy (the backup audits itself). */
  'premises.backupNow': call<PremisesOverview['backup']>()({
    input: z.object({}),
    access: ['administrator'],
    mutates: false
  }),
  /** Where this bench's labels print. */
  'premises.benchPrinting': call<BenchPrintingView>()({ input: z.object({}), access: 'anyUser', mutates: false }),
  /** This bench chooses its default printer: the host's, or the one attached to it. */
  'premises.setBenchPrinter': call<BenchPrintingView>()({
    input: z.object({ printer: z.enum(['host', 'bench']) }),
    access: ['administrator', 'pharmacist'],
    mutates: true
  }),
  'requests.releaseClaim': call<RequestDetail>()({
    input: z.object({ id: requestId, basedOnRevision }),
    access: ['pharmacist', 'dispenser', 'accuracy_checker'],
    mutates: true
  }),
  'requests.takeOver': call<RequestDetail>()({
    input: z.object({ id: requestId, basedOnRevision }),
    access: ['pharmacist'],
    mutates: true
  })
}
