/**
 * The request's timeline in sentences: each audit entry names the command that made it (a call
 * such as `requests.checkStock`, or something the counter did by itself such as taking in a new
 * Phensys snapshot); a person reads what happened, never the command's code.
 */
const SENTENCES: Record<string, string> = {
  'phensys.snapshot': 'Phensys sent the request (or a new version of it)',
  'requests.accept': 'Accepted at the counter',
  'requests.receiveHardCopy': 'Original prescription received and checked',
  'requests.checkStock': 'Stock checked',
  'requests.chooseService': 'Delivery service chosen',
  'requests.startDispensing': 'Dispensing started',
  'dispensing.scanPack': 'Pack scanned and matched',
  'dispensing.scanRefused': 'Pack scan refused',
  'requests.printLabels': 'Labels sent to the print queue',
  'print.reprint': 'Labels reprinted',
  'print.resolveUnconfirmed': 'Unconfirmed print job settled',
  'requests.clinicalCheck': 'Clinical check made',
  'workflow.clinicalCheckVoided': 'Clinical check voided: Phensys changed the items or the patient',
  'workflow.labelsVoided': "Labels voided: Phensys corrected the patient's name; back to dispensing to label again",
  'workflow.deliveryChanged': 'Packing voided: Phensys changed the delivery; to be packed again with a new bag label',
  'workflow.itemsOutgrewStock':
    'Phensys changed the items: more is needed than the stock held, so stock is checked again',
  'workflow.originalRequired':
    'Back to awaiting the original: Phensys changed the request, and no original in hand matches it',
  'workflow.originalNoLongerRequired':
    'On to the stock check: Phensys no longer requires the original, and no rule does',
  'notes.add': 'Note added',
  'requests.accuracyCheck': 'Accuracy check made',
  'requests.outOfDatePackTakenOut':
    'Out-of-date pack taken out of the bag to quarantine; labels and accuracy check void, to be replaced',
  'requests.pack': 'Packed',
  'requests.dispatch': 'Dispatched',
  'requests.collect': 'Handed over at the counter',
  'requests.markDelivered': 'Marked delivered',
  'requests.markReturned': 'Returned to the pharmacy by the carrier',
  'requests.markParcelReturned': 'Another parcel of the dispatch back at the pharmacy',
  'requests.markParcelDelivered': 'Another parcel of the dispatch delivered, by the carrier’s word',
  'requests.raiseQuery': 'Query sent to Phensys',
  'requests.reject': 'Rejected',
  'requests.releaseClaim': 'Released by the person working on it',
  'requests.takeOver': 'Taken over by a pharmacist',
  'stock.released': 'Reserved stock put back on the shelf',
  'stock.releaseRequest': 'Reserved stock put back on the shelf',
  'stock.orderPlaced': 'Stock ordered for it',
  'dispatch.importOutcomes': 'Carrier’s outcome recorded',
  'workflow.cancelledByPhensys':
    'Cancelled at Phensys: its labels not yet printed and its stock still to come withdrawn',
  'workflow.rejectedByPhensys': 'Rejected at Phensys: its labels not yet printed and its stock still to come withdrawn',
  'workflow.unreadableVersion':
    'Rejected: Phensys sent a version the counter cannot read; its labels not yet printed and its stock still to come withdrawn',
  'sync.superseded': 'Events Phensys could no longer take set aside: it had already stopped the request',
  'sync.heldForAPerson':
    'An event held for a person: tried more than a day ago and still unconfirmed, Phensys may already have it',
  'print.printedAfterStop': 'A label printed after the request was stopped: remove it and do not use it',
  'stock.ordersWithdrawn': 'Stock still to come from the wholesaler withdrawn',
  'flags.chooseWording': 'Cautionary label wording chosen by a pharmacist',
  'flags.acknowledge': 'Flag acknowledged by a pharmacist',
  'flags.confirmCleanedText': 'Cleaned text confirmed for the labels',
  'flags.proposeMatch': 'Product match proposed',
  'flags.decideMatch': 'Product match confirmed or declined by a pharmacist'
}

/** One sentence for what an audit entry records; a command not listed here is still said in words. */
export function timelineSentence(command: string): string {
  const known = SENTENCES[command]
  if (known) return known
  const last = command.split('.').pop() ?? command
  const words = last
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase()
  return `${words.charAt(0).toUpperCase()}${words.slice(1)} recorded`
}
