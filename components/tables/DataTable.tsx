import type { ReactNode } from 'react';

/** A column heading; `hidden` keeps it for screen readers only (e.g. a column of buttons or links). */
export interface Column {
  label: string;
  hidden?: boolean;
}

interface DataTableProps {
  columns: readonly Column[];
  /** The rows (`<tr>` elements). */
  children?: ReactNode;
  /** Names the scrolling region: a label, or the id of a heading that already names it. */
  region?: { label: string } | { labelledBy: string };
  /** The region is a panel of its own unless it already sits in one. */
  panel?: boolean;
  caption?: ReactNode;
  footer?: ReactNode;
  className?: string;
}

/**
 * The shop's table, as the customer's orders and the kitchen's pages show it: on a narrow screen it scrolls
 * sideways inside a keyboard-focusable region instead of widening the page. Without `region` it is a bare table.
 */
export function DataTable({ columns, children, region, panel = true, caption, footer, className }: DataTableProps) {
  const table = (
    <table className={className ? `orders-table ${className}` : 'orders-table'}>
      {caption}
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.label} scope="col">
              {column.hidden ? <span className="visually-hidden">{column.label}</span> : column.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
      {footer ? <tfoot>{footer}</tfoot> : null}
    </table>
  );
  if (!region) return table;
  const naming = 'label' in region ? { 'aria-label': region.label } : { 'aria-labelledby': region.labelledBy };
  return (
    <div className={panel ? 'panel table-scroll' : 'table-scroll'} role="region" tabIndex={0} {...naming}>
      {table}
    </div>
  );
}
