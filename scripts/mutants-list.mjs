/**
 * The mutants of the workflow's mutation check (scripts/mutants.mjs). Each breaks one rule with a
 * textual change that must match exactly once: test/mutants-list.test.ts checks that they still do
 * after a merge moves the lines, long before the check itself runs at the end of CI.
 */
export const MUTANTS = [
  {
    name: 'requests.accept always refuses (accept starts from no stage)',
    file: 'src/shared/workflow/transitions.ts',
    find: "    from: ['new'],\n    to: ['awaiting_hard_copy', 'stock_check'],",
    replace: "    from: [],\n    to: ['awaiting_hard_copy', 'stock_check'],"
  },
  {
    name: "a guard skipped: the accuracy check's not-the-assembler",
    file: 'src/shared/workflow/transitions.ts',
    find: "      'noBlockingFlag',\n      'notTheAssembler',\n      'everyLabelledPackRescanned',\n",
    replace: "      'noBlockingFlag',\n      'everyLabelledPackRescanned',\n"
  },
  {
    name: 'a guard skipped: packing without scanning its own bag',
    file: 'src/shared/workflow/transitions.ts',
    find: "      'deliveryServiceKnown',\n      'bagScanned'\n    ],\n    events: ['packed']",
    replace: "      'deliveryServiceKnown'\n    ],\n    events: ['packed']"
  },
  {
    name: 'a step goes ahead while a flag holds it back (the noBlockingFlag guard passes everything)',
    file: 'src/main/workflow/guards.ts',
    find: '    if (blocking.length === 0) return\n',
    replace: '    if (blocking.length >= 0) return\n'
  },
  {
    name: 'labels without a clinical check (the print-labels guard dropped)',
    file: 'src/shared/workflow/transitions.ts',
    find: "guards: ['noBlockingFlag', 'prescriptionValid', 'clinicallyChecked', 'everyPackScanned', 'labelsNotQueued'],",
    replace: "guards: ['noBlockingFlag', 'prescriptionValid', 'everyPackScanned', 'labelsNotQueued'],"
  },
  {
    name: 'a change of items from Phensys leaves the clinical check standing',
    file: 'src/main/workflow/phensys-reactions.ts',
    find: 'ports.clinicalCheckStands(requestId) &&',
    replace: 'false &&'
  },
  {
    name: 'new items leave the labels standing: a bag labelled, checked or packed for the old ones stays where it is',
    file: 'src/main/workflow/phensys-reactions.ts',
    find: 'const relabel = LABELLED_STAGES.has(request.row.stage)',
    replace: 'const relabel = LABELLED_STAGES.has(request.row.stage) && false'
  },
  {
    name: 'an original read against earlier items still counts for new ones',
    file: 'src/main/fulfilment/hard-copies-repo.ts',
    find: '      return this.mismatches(snapshot, receipt).length === 0\n',
    replace: '      return stored.lines.length > 0 || this.mismatches(snapshot, receipt).length === 0\n'
  },
  {
    name: 'new items needing another original leave the request where it is (the original-required step never taken)',
    file: 'src/main/workflow/phensys-reactions.ts',
    find: "workflow.allows('originalRequired', stage) && ports.originalAwaited(snapshot))\n",
    replace: "workflow.allows('originalRequired', stage) && ports.originalAwaited(snapshot) && false)\n"
  },
  {
    name: 'the original not waited for: accept goes straight to the stock check',
    file: 'src/main/workflow/workflow-handlers.ts',
    find: 'request.row.hardCopyRequired\n          ? {',
    replace: 'false\n          ? {'
  },
  {
    name: 'an event dropped: dispensing.checked never enqueued',
    file: 'src/main/workflow/workflow.ts',
    find: 'for (const event of events as OutgoingEvent[]) {',
    replace: "for (const event of (events as OutgoingEvent[]).filter((e) => e.type !== 'dispensing.checked')) {"
  },
  {
    name: 'a Phensys reaction that leaves the stage: a cancellation not applied',
    file: 'src/main/workflow/phensys-reactions.ts',
    find: "if (!workflow.allows('cancelledByPhensys', stage)) return",
    replace: "if (!workflow.allows('cancelledByPhensys', stage) || true) return"
  },
  {
    name: 'stock arriving releases no one waiting for it',
    file: 'src/main/stock/stock-handlers.ts',
    find: 'if (!stored || !stock.check.complete(stored, env)) continue',
    replace: 'if (!stored || !stock.check.complete(stored, env) || true) continue'
  },
  {
    name: "a claim held at another bench refuses nothing: that bench's step on a request being dispensed goes through",
    file: 'src/main/workflow/workflow.ts',
    find: 'if (move.at && move.actor && claim && claimedElsewhere(claim, move.at.bench)) {',
    replace: 'if (move.at && move.actor && claim && claimedElsewhere(claim, move.at.bench) && false) {'
  },
  {
    name: "a claim refuses its own bench: a colleague at the same bench cannot carry on someone's dispensing",
    file: 'src/main/workflow/request-claims.ts',
    find: '  return claim.benchId !== bench.id\n',
    replace: '  return claim.benchId !== bench.id || claim.stage === claim.stage\n'
  },
  {
    name: 'a corrected name leaves a bag labelled, checked or packed where it is: not sent back to dispensing',
    file: 'src/shared/workflow/transitions.ts',
    find: "    from: ['dispensing', 'labelled', 'accuracy_checked', 'packed', 'returned_to_sender'],\n    to: ['dispensing', 'returned_to_sender'],",
    replace: "    from: ['dispensing', 'returned_to_sender'],\n    to: ['dispensing', 'returned_to_sender'],"
  },
  {
    name: 'a changed delivery leaves a packed bag packed: not sent back to accuracy checked',
    file: 'src/shared/workflow/transitions.ts',
    find: "    from: ['packed'],\n    to: ['accuracy_checked'],",
    replace: "    from: [],\n    to: ['accuracy_checked'],"
  },
  {
    name: 'a recall no other stock makes good leaves the request where it is: not sent back to the stock check',
    file: 'src/shared/workflow/transitions.ts',
    find: "    from: STOCK_CHECKED_UNTIL_SUPPLY,\n    to: ['dispensing', 'stock_check'],",
    replace: "    from: [],\n    to: ['dispensing', 'stock_check'],"
  },
  {
    name: 'a refused first scan still starts dispensing (the start taken before the pack is matched)',
    file: 'src/main/next-steps.ts',
    find: "const view = parts.scanPack(ctx, input, stageIs(input.id, 'startDispensing') ? startDispensing : undefined)",
    replace:
      "if (stageIs(input.id, 'startDispensing')) startDispensing()\n      const view = parts.scanPack(ctx, input)"
  }
]
