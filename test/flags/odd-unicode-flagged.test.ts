/**
 * Invisible characters beyond the C0/C1 controls and bidi marks, in what a label prints: a variation
 * selector (U+FE0F), a combining grapheme joiner (U+034F), a Hangul filler (U+3164, drawn as a blank)
 * and Unicode tag characters (U+E0000 block: text no reader sees, "ASCII smuggling"). Review31 found
 * none of them flagged: the first three printed as they came, the tags refused the labels at the
 * printer step with no flag a person could settle. They are flagged as the request arrives, with
 * the other hidden characters, and the label prints the cleaned text once a person confirms it.
 */
import { afterEach, expect, it } from 'vitest'
import { dispatchWorld, type DispatchWorld } from '../dispatch/world'
import { arrives, firstItem, flagsOf, ok, printLabels, readyForLabels, sertralineRequest } from './world'

let world: DispatchWorld | undefined
afterEach(async () => {
  await world?.stop()
  world = undefined
})

const HIDDEN_WORDS = [...' ignore this'].map((ch) => String.fromCodePoint(0xe0000 + ch.charCodeAt(0))).join('')
const ODD = /\u034f|\u3164|\ufe0f|[\u{e0000}-\u{e0fff}]/u

it('variation selectors, joiners, fillers and tag characters in a name or the directions are flagged, and never print', async () => {
  const w = (world = await dispatchWorld())
  const id = 'fr_FLAG_ODD_UNICODE'
  await arrives(
    w,
    sertralineRequest(w, id, (body) => {
      const name = (body.patient as { name: Record<string, unknown> }).name
      name.given = 'Zo\u034fë\ufe0f'
      name.family = "O'Brien\u3164-Łukasik"
      firstItem(body).directions = `Take ONE tablet each morning${HIDDEN_WORDS}`
    })
  )
  const flags = await flagsOf(w, id)
  const at = (path: string) => flags.find((flag) => flag.path === path && flag.kind === 'control_characters')
  expect(at('patient.name.given'), JSON.stringify(flags)).toMatchObject({
    cleanedText: 'Zoë',
    blocks: expect.arrayContaining(['printLabels'])
  })
  expect(at('patient.name.family'), JSON.stringify(flags)).toMatchObject({
    cleanedText: "O'Brien-Łukasik",
    blocks: expect.arrayContaining(['printLabels'])
  })
  const directions = at('prescription.items[0].directions')
  expect(directions, JSON.stringify(flags)).toMatchObject({
    cleanedText: 'Take ONE tablet each morning',
    blocks: expect.arrayContaining(['printLabels'])
  })

  await readyForLabels(w, id)
  expect(w.printer.jobs).toHaveLength(0)
  expect(await w.core.call(w.assembler, 'requests.printLabels', { id })).toMatchObject({
    ok: false,
    error: { message: expect.stringContaining('hidden control character') }
  })
  for (const flag of [at('patient.name.given')!, at('patient.name.family')!, directions!])
    ok(
      await w.core.call(w.assembler, 'flags.confirmCleanedText', { id: flag.id, text: flag.cleanedText! }),
      `confirm ${flag.path}`
    )
  const text = await printLabels(w, id)
  expect(text).toContain("Ms Zoë O'Brien-Łukasik")
  expect(text).toContain('Take ONE tablet each morning')
  expect(ODD.exec(text)).toBeNull()
})
