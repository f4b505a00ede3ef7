import { z } from 'zod'

/**
 * The request's revision the person's screen showed when they gave a command. The request screen
 * always sends it; a command based on an older revision is refused, saying who did what since.
 * Optional for tools and scripts that act on the request as it is.
 */
export const basedOnRevision = z.number().int().min(0).optional()
