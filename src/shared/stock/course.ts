/**
 * How many days a supply lasts, estimated from the directions, so picking can warn about a batch
 * that expires before the course ends. An estimate, never a dose check: when the directions do
 * not say plainly, the answer is null and the screen says the course length is unknown.
 *
 * Read, in order: "for N days / weeks" (the prescriber's own figure); otherwise a fixed dose and
 * frequency ("ONE tablet THREE times a day", "TWO each morning"), giving quantity ÷ daily dose.
 * "When required", "as directed" and ranges ("ONE or TWO") have no fixed daily dose: null.
 */

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  half: 0.5,
  a: 1,
  an: 1
}

const FREQUENCIES: ReadonlyArray<readonly [RegExp, number]> = [
  [/\b(four times a day|four times daily|qds)\b/, 4],
  [/\b(three times a day|three times daily|tds)\b/, 3],
  [/\b(twice a day|twice daily|two times a day|bd)\b/, 2],
  [
    /\b(once a day|once daily|each day|every day|daily|each morning|every morning|in the morning|each night|every night|at night|at bedtime|od)\b/,
    1
  ],
  [/\b(once a week|each week|every week|weekly)\b/, 1 / 7],
  [/\bevery other day\b/, 0.5]
]

function readNumber(word: string): number | null {
  if (/^\d+(\.\d+)?$/.test(word)) return Number(word)
  return NUMBER_WORDS[word] ?? null
}

export function estimateCourseDays(directions: string, quantity: number): number | null {
  const text = directions.toLowerCase().replace(/\s+/g, ' ')
  const stated = /\bfor (\d+|one|two|three|four|five|six) (day|days|week|weeks|month|months)\b/.exec(text)
  if (stated) {
    const n = readNumber(stated[1] ?? '') ?? 0
    const unit = stated[2] ?? 'days'
    const days = unit.startsWith('week') ? n * 7 : unit.startsWith('month') ? n * 28 : n
    if (days > 0) return days
  }
  if (/\b(when required|as required|as needed|if needed|prn|as directed)\b/.test(text)) return null
  if (/\b(one|two|three|\d+) (or|to|-) (two|three|four|\d+)\b/.test(text)) return null
  const dose =
    /\b(\d+(?:\.\d+)?|one|two|three|four|five|six|half|an?) (tablet|capsule|puff|dose|sachet|patch|pessary|suppository|lozenge|pen|injection|ml|5ml spoonful|spoonful)s?\b/.exec(
      text
    )
  const perDose = dose ? readNumber(dose[1] ?? '') : null
  const frequency = FREQUENCIES.find(([pattern]) => pattern.test(text))?.[1] ?? null
  if (perDose === null || frequency === null || !(quantity > 0)) return null
  return Math.max(1, Math.ceil(quantity / (perDose * frequency)))
}
