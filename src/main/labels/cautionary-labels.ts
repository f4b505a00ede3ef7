/**
 * BNF cautionary and advisory label wording, loaded from a replaceable data file
 * (resources/labels/bnf-cautionary-labels.json; a licensed file in the same format can be dropped in).
 */
import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import bundledFile from '../../../resources/labels/bnf-cautionary-labels.json'
import type { CautionaryLabelRef } from '../../shared/phensys/snapshot'
import { LabelError } from './errors'

export const PLACEHOLDERS = ['max', 'maxPerWeek'] as const
export type Placeholder = (typeof PLACEHOLDERS)[number]

export interface CautionaryLabelText {
  number: number
  text: string
  placeholders: Placeholder[]
}

export interface CautionaryLabelSet {
  source: string
  edition: string
  labels: ReadonlyMap<number, CautionaryLabelText>
}

/** Numbers whose wording must carry the prescription's figures. */
const REQUIRED_PLACEHOLDERS: Readonly<Record<number, readonly Placeholder[]>> = {
  17: ['max'],
  18: ['max', 'maxPerWeek']
}

function placeholdersOf(text: string): string[] {
  return [...text.matchAll(/\{([^{}]*)\}/g)].map((match) => match[1] ?? '')
}

const labelSchema = z
  .object({
    number: z.number().int().min(1).max(32),
    text: z
      .string()
      .min(1)
      .refine((text) => text.trim() === text, 'no leading or trailing spaces')
      // eslint-disable-next-line no-control-regex
      .refine((text) => !/[\u0000-\u001f\u007f-\u009f]/.test(text), 'no control characters')
  })
  .superRefine((label, ctx) => {
    const found = placeholdersOf(label.text)
    for (const name of found) {
      if (!(PLACEHOLDERS as readonly string[]).includes(name)) {
        ctx.addIssue({
          code: 'custom',
          message: `label ${label.number}: unknown placeholder {${name}}`,
          path: ['text']
        })
      }
    }
    if (/[{}]/.test(label.text.replace(/\{(max|maxPerWeek)\}/g, ''))) {
      ctx.addIssue({ code: 'custom', message: `label ${label.number}: stray brace`, path: ['text'] })
    }
    for (const needed of REQUIRED_PLACEHOLDERS[label.number] ?? []) {
      if (!found.includes(needed)) {
        ctx.addIssue({
          code: 'custom',
          message: `label ${label.number}: needs the {${needed}} placeholder`,
          path: ['text']
        })
      }
    }
  })

const cautionaryLabelFileSchema = z.object({
  about: z.string().optional(),
  source: z.string().min(1),
  edition: z.string().min(1),
  labels: z
    .array(labelSchema)
    .min(1)
    .superRefine((labels, ctx) => {
      const seen = new Set<number>()
      for (const label of labels) {
        if (seen.has(label.number)) ctx.addIssue({ code: 'custom', message: `label ${label.number} appears twice` })
        seen.add(label.number)
      }
    })
})

/** Validates a cautionary label file's content; throws LabelError('invalid-label-data') listing the problems. */
export function parseCautionaryLabelFile(json: unknown): CautionaryLabelSet {
  const parsed = cautionaryLabelFileSchema.safeParse(json)
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 10)
      .map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`)
    throw new LabelError('invalid-label-data', `cautionary label file is not valid: ${problems.join('; ')}`)
  }
  const labels = new Map<number, CautionaryLabelText>()
  for (const label of parsed.data.labels) {
    labels.set(label.number, { ...label, placeholders: placeholdersOf(label.text) as Placeholder[] })
  }
  return { source: parsed.data.source, edition: parsed.data.edition, labels }
}

export async function loadCautionaryLabelFile(path: string): Promise<CautionaryLabelSet> {
  let json: unknown
  try {
    json = JSON.parse(await readFile(path, 'utf8'))
  } catch (error) {
    throw new LabelError('invalid-label-data', `cannot read cautionary label file ${path}: ${(error as Error).message}`)
  }
  return parseCautionaryLabelFile(json)
}

let bundled: CautionaryLabelSet | undefined

/** The wording shipped in resources/labels (validated once). */
export function bundledCautionaryLabels(): CautionaryLabelSet {
  bundled ??= parseCautionaryLabelFile(bundledFile)
  return bundled
}

/**
 * The printed wording of one reference from a prescription item. Labels 17 and 18 take the
 * prescription's figures; a missing figure or an unknown number is an error, never a blank.
 */
export function cautionaryWording(set: CautionaryLabelSet, ref: CautionaryLabelRef): string {
  const number = typeof ref === 'number' ? ref : ref.number
  const label = set.labels.get(number)
  if (!label) throw new LabelError('unknown-cautionary-label', `cautionary label ${number} is not in ${set.source}`)
  const figures: Record<Placeholder, string | undefined> = {
    max: typeof ref === 'number' ? undefined : ref.max?.trim(),
    maxPerWeek: typeof ref === 'number' ? undefined : ref.maxPerWeek?.trim()
  }
  return label.text.replace(/\{(max|maxPerWeek)\}/g, (_whole, name: Placeholder) => {
    const figure = figures[name]
    if (!figure) {
      throw new LabelError(
        'missing-figure',
        `cautionary label ${number} needs the prescription's ${name === 'max' ? 'maximum dose' : 'weekly maximum'} (${name})`
      )
    }
    return figure
  })
}
