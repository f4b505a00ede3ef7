/**
 * What a print job's state means for the person waiting for the labels, in the same words on the
 * request screen and in the print queue: queued, sent, printer offline (the job is kept), no
 * printer configured (and where to set one up), or a send that may have printed.
 */
import type { PrintJobView, PrinterStatusView } from './device-views'

export type PrintStatusWord = 'queued' | 'sending' | 'sent' | 'offline' | 'no printer' | 'check printer' | 'cancelled'

export interface PrintStatus {
  word: PrintStatusWord
  text: string
}

export function printJobStatus(
  job: Pick<PrintJobView, 'state' | 'lastError'>,
  printer: Pick<PrinterStatusView, 'configured' | 'reachable'>
): PrintStatus {
  switch (job.state) {
    case 'delivered':
      return { word: 'sent', text: 'Sent: the printer has it' }
    case 'cancelled':
      return { word: 'cancelled', text: 'Cancelled: it will not print' }
    case 'unconfirmed':
      return {
        word: 'check printer',
        text: 'May have printed: look at the printer, then say whether it did (Devices, F8)'
      }
    case 'sending':
      return { word: 'sending', text: 'Sending to the printer…' }
    case 'queued':
    case 'retrying':
      if (!printer.configured)
        return {
          word: 'no printer',
          text: 'No printer configured: the job is kept until one is set up (Devices, F8, by a pharmacist or administrator)'
        }
      if (job.state === 'retrying' || printer.reachable === false)
        return {
          word: 'offline',
          text: `Printer offline — job kept: it prints when the printer answers${job.lastError ? ` (${job.lastError})` : ''}`
        }
      return { word: 'queued', text: 'Queued: waiting for the printer' }
  }
}
