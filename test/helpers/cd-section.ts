import type { Core } from '../../src/main/core'
import type { CdEntryView, CdSectionSummary } from '../../src/shared/contract/register-views'

export interface CdSectionReader {
  section(): Promise<CdSectionSummary>
  entries(): Promise<CdEntryView[]>
}

/** One drug's CD register section and its entries, read afresh each call as `session` sees them. */
export function cdSectionOf(
  core: Core,
  session: string,
  isTheDrug: (section: CdSectionSummary) => boolean
): CdSectionReader {
  const section = async (): Promise<CdSectionSummary> => {
    const sections = await core.call(session, 'registers.cd.sections', {})
    if (!sections.ok) throw new Error(sections.error.message)
    return sections.value.find(isTheDrug)!
  }
  return {
    section,
    async entries() {
      const listed = await core.call(session, 'registers.cd.list', { sectionId: (await section()).id })
      if (!listed.ok) throw new Error(listed.error.message)
      return listed.value.entries
    }
  }
}
