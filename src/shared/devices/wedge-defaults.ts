/**
 * The keyboard-wedge scanner's settings until someone pairs one, without the schemas
 * (settings.ts, which takes its defaults from here): the renderer listens for scans from the
 * first screen on and must not load zod for it.
 */
export const WEDGE_DEFAULTS: { maxGapMs: number; minLength: number; gsSubstitute: string | null; gsMissing: boolean } =
  { maxGapMs: 35, minLength: 6, gsSubstitute: null, gsMissing: false }
