import { memo, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { TemplateTransaction } from '../../api/templates';
import { formatDecimal, formatInt, formatSats } from '../../ui/format';

type SortKey = 'position' | 'fee' | 'feerate' | 'weight';

const SORTS: { key: SortKey; label: string }[] = [
  { key: 'position', label: 'block order' },
  { key: 'fee', label: 'fee, highest first' },
  { key: 'feerate', label: 'fee rate, highest first' },
  { key: 'weight', label: 'weight, largest first' },
];

const ROW_HEIGHT = 33;

interface Row {
  /** 1-based position in the block, as `depends` counts. */
  position: number;
  tx: TemplateTransaction;
  /** sat per virtual byte (weight / 4). */
  feerate: number;
}

/**
 * A template's transactions (thousands of them): only the rows in view are in the DOM, with spacer rows above
 * and below so the real <table> keeps its columns aligned and its scroll height right.
 */
export const TransactionsTable = memo(function TransactionsTable({ transactions }: { transactions: TemplateTransaction[] }) {
  const [sort, setSort] = useState<SortKey>('position');
  const [filter, setFilter] = useState('');
  const scrollRef = useRef<HTMLDivElement>(null);

  const rows = useMemo(() => {
    const all: Row[] = transactions.map((tx, i) => ({
      position: i + 1,
      tx,
      feerate: tx.weight > 0 ? (tx.fee * 4) / tx.weight : 0,
    }));
    const needle = filter.trim().toLowerCase();
    const kept = needle === '' ? all : all.filter((r) => r.tx.txid.startsWith(needle) || r.tx.hash.startsWith(needle));
    const by: Record<SortKey, (a: Row, b: Row) => number> = {
      position: (a, b) => a.position - b.position,
      fee: (a, b) => b.tx.fee - a.tx.fee || a.position - b.position,
      feerate: (a, b) => b.feerate - a.feerate || a.position - b.position,
      weight: (a, b) => b.tx.weight - a.tx.weight || a.position - b.position,
    };
    return kept.sort(by[sort]);
  }, [transactions, sort, filter]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);

  return (
    <div data-testid="template-transactions">
      <div className="filters">
        <label className="field-inline">
          <span>Sort</span>
          <select data-testid="tx-sort" value={sort} onChange={(e) => setSort(e.target.value as SortKey)}>
            {SORTS.map((s) => (
              <option key={s.key} value={s.key}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          <span>txid starts with</span>
          <input
            data-testid="tx-filter"
            type="search"
            value={filter}
            spellCheck={false}
            onChange={(e) => setFilter(e.target.value)}
            placeholder="hex prefix"
          />
        </label>
        <span className="muted small" data-testid="tx-count">
          {rows.length === transactions.length
            ? `${formatInt(rows.length)} transactions`
            : `${formatInt(rows.length)} of ${formatInt(transactions.length)} transactions`}
        </span>
      </div>
      <div className="tx-scroll" ref={scrollRef} tabIndex={0} aria-label="Transactions (scrollable)">
        <table className="table tx-table">
          <thead>
            <tr>
              <th className="num">#</th>
              <th>txid</th>
              <th className="num">Fee</th>
              <th className="num">Weight</th>
              <th className="num">sat/vB</th>
              <th className="num">Sigops</th>
              <th>Depends on</th>
            </tr>
          </thead>
          <tbody>
            {top > 0 && (
              <tr aria-hidden="true" className="spacer">
                <td colSpan={7} style={{ height: top }} />
              </tr>
            )}
            {items.map((item) => {
              const row = rows[item.index]!;
              return (
                <tr key={row.position} data-testid="tx-row" data-index={item.index} style={{ height: ROW_HEIGHT }}>
                  <td className="num">{formatInt(row.position)}</td>
                  <td className="mono small txid" title={row.tx.txid}>
                    {row.tx.txid}
                  </td>
                  <td className="num">{formatSats(row.tx.fee)}</td>
                  <td className="num">{formatInt(row.tx.weight)}</td>
                  <td className="num">{formatDecimal(row.feerate, 1)}</td>
                  <td className="num">{formatInt(row.tx.sigops)}</td>
                  <td className="small">{row.tx.depends.length === 0 ? '' : row.tx.depends.map((d) => `#${d}`).join(', ')}</td>
                </tr>
              );
            })}
            {bottom > 0 && (
              <tr aria-hidden="true" className="spacer">
                <td colSpan={7} style={{ height: bottom }} />
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
});
