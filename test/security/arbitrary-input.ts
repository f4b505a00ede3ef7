/**
 * Inputs for a call, drawn from its zod schema with a seeded generator: mostly shaped like the
 * schema (strings and numbers drawn from a pool of real ids, dates, codes and hostile values, kept
 * when the field's own schema accepts them), sometimes anything at all.
 */
import type { z } from 'zod'

export type Random = () => number

/** mulberry32: small, fast, and the same sequence for the same seed. */
export function seeded(seed: number): Random {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!
}

/** Strings worth trying anywhere: what the counter holds, and what breaks careless code. */
const HOSTILE_STRINGS = [
  '',
  ' ',
  'a',
  'valueOf',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '([A-Z0-9]+)+$',
  '(a|aa)+$',
  '^(\\d+)*$',
  '%',
  '%E0%A4%A',
  '../../etc/passwd',
  '\u0000',
  '\u202e',
  'Zoë',
  '😀',
  "'; DROP TABLE audit_log; --",
  '<script>alert(1)</script>',
  '^XA^FDinjected^FS^XZ',
  '0001-01-01',
  '9999-12-31',
  '2026-02-30',
  '1970-01-01',
  'x'.repeat(300),
  '9'.repeat(40)
]

type Def = { type: string } & Record<string, unknown>
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def

export interface Generator {
  input(schema: z.ZodType): unknown
}

/** `strings` and `numbers`: the pools a field's value is drawn from (real ids, dates, codes first). */
export function generator(
  random: Random,
  pools: { strings: readonly string[]; numbers: readonly number[] }
): Generator {
  const strings = [...pools.strings, ...HOSTILE_STRINGS]
  const numbers = [...pools.numbers, 0, -1, 1, 2, 3, 0.5, 1.5, 1e9, Number.MAX_SAFE_INTEGER, -1e12]

  function anything(depth = 0): unknown {
    const kind = Math.floor(random() * (depth > 2 ? 5 : 7))
    if (kind === 0) return null
    if (kind === 1) return random() < 0.5
    if (kind === 2) return pick(random, numbers)
    if (kind === 3) return pick(random, strings)
    if (kind === 4) return undefined
    if (kind === 5) return Array.from({ length: Math.floor(random() * 3) }, () => anything(depth + 1))
    return Object.fromEntries(
      Array.from({ length: Math.floor(random() * 3) }, () => [pick(random, strings), anything(depth + 1)])
    )
  }

  /** Tries candidates until the schema accepts one (its regexes, refinements and bounds decide). */
  function accepted(schema: z.ZodType, candidate: () => unknown, tries = 25): unknown {
    let last: unknown
    for (let i = 0; i < tries; i++) {
      last = candidate()
      if (schema.safeParse(last).success) return last
    }
    return last
  }

  function shaped(schema: z.ZodType, depth: number): unknown {
    const def = defOf(schema)
    switch (def.type) {
      case 'object': {
        const shape = def.shape as Record<string, z.ZodType>
        return accepted(
          schema,
          () => {
            const value: Record<string, unknown> = {}
            for (const [key, field] of Object.entries(shape)) if (random() < 0.95) value[key] = shaped(field, depth + 1)
            if (random() < 0.05) value[pick(random, strings) || 'extra'] = anything()
            return value
          },
          5
        )
      }
      case 'string':
        return accepted(schema, () => (random() < 0.9 ? pick(random, strings) : randomText()))
      case 'number':
      case 'int':
        return accepted(schema, () => (random() < 0.85 ? pick(random, numbers) : Math.round((random() - 0.3) * 2000)))
      case 'boolean':
        return random() < 0.5
      case 'enum':
        return pick(random, Object.values(def.entries as Record<string, unknown>))
      case 'literal':
        return pick(random, def.values as unknown[])
      case 'array': {
        const element = def.element as z.ZodType
        return accepted(
          schema,
          () => Array.from({ length: Math.floor(random() * 4) }, () => shaped(element, depth + 1)),
          5
        )
      }
      case 'record':
        return Object.fromEntries(
          Array.from({ length: Math.floor(random() * 3) }, () => [
            shaped(def.keyType as z.ZodType, depth + 1),
            shaped(def.valueType as z.ZodType, depth + 1)
          ])
        )
      case 'tuple':
        return (def.items as z.ZodType[]).map((item) => shaped(item, depth + 1))
      case 'union':
        return shaped(pick(random, def.options as z.ZodType[]), depth)
      case 'optional':
        return random() < 0.8 ? shaped(def.innerType as z.ZodType, depth) : undefined
      case 'nullable':
        return random() < 0.8 ? shaped(def.innerType as z.ZodType, depth) : null
      case 'default':
      case 'prefault':
      case 'catch':
      case 'readonly':
        return random() < 0.7 ? shaped(def.innerType as z.ZodType, depth) : undefined
      case 'pipe':
        return shaped(def.in as z.ZodType, depth)
      case 'lazy':
        return depth > 4 ? null : shaped((def.getter as () => z.ZodType)(), depth + 1)
      default:
        return anything(depth)
    }
  }

  function randomText(): string {
    const alphabet = 'abcXYZ0123456789 -_.:/%éŁ'
    return Array.from({ length: 1 + Math.floor(random() * 20) }, () => pick(random, [...alphabet])).join('')
  }

  return {
    input: (schema) => (random() < 0.85 ? shaped(schema, 0) : anything())
  }
}
