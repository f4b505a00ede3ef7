import { useState } from 'react'
import type { CdBalanceCheck } from '@shared/contract'
import { call } from '../../api/client'
import { DateRange } from './DateRange'
import { ExportButtons } from './ExportButtons'
import { formatQuantity } from '@shared/stock/units'
import { useRegisters } from './registers-store'
import { useRegisterView } from './useRegisterView'
import { useRowSelection } from './useRowSelection'
import { formatDate } from '@shared/time/london'

/** The register's balance against the stock ledger: said loudly when they differ. */
function LedgerCheck({ check, unit }: { check: CdBalanceCheck; unit: string }): React.JSX.Element {
  if (check.difference === 0)
    return (
      <p className="cd-check ok">
        Running balance {formatQuantity(check.registerBalance, unit)} agrees with the stock ledger.
      </p>
    )
  return (
    <p role="alert" className="cd-check mismatch">
      The register and the stock ledger differ by <strong>{formatQuantity(check.difference, unit)}</strong>: the
      register says {formatQuantity(check.registerBalance, unit)}; the ledger expects{' '}
      {formatQuantity(check.expected, unit)} (on hand {formatQuantity(check.ledgerOnHand, unit)}, assembled not yet
      supplied {formatQuantity(check.assembledNotSupplied, unit)}, quarantined {formatQuantity(check.quarantined, unit)}
      ).
    </p>
  )
}

/** The CD register for Schedule 2: pick a section (drug, form, strength) and read its entries with the running balance. */
export function CdTab(): React.JSX.Element {
  const { from, to } = useRegisters()
  const [sectionId, setSectionId] = useState<number | null>(null)
  const sections = useRegisterView('registers.cd.sections', {})
  const chosen = sectionId ?? sections.view?.[0]?.id ?? null
  const section = useRegisterView('registers.cd.list', chosen === null ? null : { sectionId: chosen, from, to })
  const entries = section.view?.entries ?? []
  const selected = useRowSelection(entries.length)
  const unit = section.view?.section.unit ?? ''

  return (
    <section aria-label="CD register">
      <div className="register-filters">
        {sections.view && sections.view.length > 0 && (
          <label>
            Section
            <select value={chosen ?? ''} onChange={(event) => setSectionId(Number(event.target.value))}>
              {sections.view?.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.drug} · {s.form}
                  {s.strength ? ` · ${s.strength}` : ''} (balance {formatQuantity(s.balance, s.unit)}
                  {s.check.difference !== 0 ? ', differs from the ledger' : ''})
                </option>
              ))}
            </select>
          </label>
        )}
        <DateRange />
        <ExportButtons
          disabled={chosen === null}
          make={(format) => call('registers.cd.export', { sectionId: chosen ?? 0, from, to, format })}
        />
      </div>
      {(sections.error ?? section.error) && (
        <p role="alert" className="error">
          {sections.error ?? section.error}
        </p>
      )}
      {sections.view && sections.view.length === 0 && (
        <p className="empty">No Schedule 2 drug has a section yet: one opens with its first receipt or supply.</p>
      )}
      {section.view && <LedgerCheck check={section.view.section.check} unit={unit} />}
      {section.view && (
        <table className="register">
          <thead>
            <tr>
              <th>No.</th>
              <th>Date</th>
              <th>Entry</th>
              <th>Received from / supplied to</th>
              <th>Prescriber</th>
              <th>Prescriber&apos;s CD number</th>
              <th>Collected by</th>
              <th>In</th>
              <th>Out</th>
              <th>Balance</th>
              <th>By</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry, index) => (
              <tr key={entry.id} aria-selected={index === selected} className={index === selected ? 'selected' : ''}>
                <td>{entry.seq}</td>
                <td>{formatDate(entry.entryDate)}</td>
                <td>
                  {entry.kind === 'correction'
                    ? `Correction${entry.correctsEntryId ? ` of no. ${entry.correctsEntryId}` : ''}: ${entry.note ?? ''}`
                    : entry.kind === 'receipt'
                      ? 'Receipt'
                      : 'Supply'}
                  {entry.productDetail && (
                    <>
                      <br />
                      <small>{entry.productDetail}</small>
                    </>
                  )}
                </td>
                <td>
                  {entry.kind === 'receipt'
                    ? [entry.supplierName, entry.supplierAddress].filter(Boolean).join(', ')
                    : [entry.patientName, entry.patientAddress].filter(Boolean).join(', ')}
                  {entry.requestId && (
                    <>
                      <br />
                      <small className="mono">
                        {entry.requestId}
                        {entry.supplyNo > 1 && ` · supply ${entry.supplyNo}`}
                      </small>
                    </>
                  )}
                </td>
                <td>
                  {[entry.prescriberName, entry.prescriberAddress, entry.prescriberRegistration]
                    .filter(Boolean)
                    .join(', ')}
                </td>
                <td className="mono">{entry.prescriberCdNumber ?? ''}</td>
                <td>
                  {entry.collectedBy ?? ''}
                  {entry.idAsked !== null && (
                    <>
                      <br />
                      <small>
                        ID asked: {entry.idAsked ? 'yes' : 'no'}, seen: {entry.idSeen ? 'yes' : 'no'}
                      </small>
                    </>
                  )}
                </td>
                <td>{entry.change > 0 ? formatQuantity(entry.change, unit) : ''}</td>
                <td>{entry.change < 0 ? formatQuantity(-entry.change, unit) : ''}</td>
                <td>
                  <strong>{formatQuantity(entry.balance, unit)}</strong>
                </td>
                <td>{entry.recordedBy}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {section.view && entries.length === 0 && <p className="empty">No entries in these dates.</p>}
    </section>
  )
}
