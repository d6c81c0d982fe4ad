/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// A data table with its caption and header scopes, in a region the keyboard can scroll when
// it is wider than a 320 px screen (WCAG 1.4.10 allows two-dimensional scrolling for tables).
import type { Child } from 'hono/jsx';

export interface Column<Row> {
  header: string;
  /** The first column names the row (a header cell with scope="row"). */
  cell: (row: Row) => Child;
}

/**
 * @example <Table id="overdue" caption="Échéance dépassée" columns={columns} rows={rows} empty="Aucune demande." />
 */
export function Table<Row>(props: { id: string; caption: string; columns: ReadonlyArray<Column<Row>>; rows: readonly Row[]; empty: string }) {
  if (props.rows.length === 0)
    return (
      <p class="empty" id={props.id}>
        {props.caption} : {props.empty}
      </p>
    );
  const captionId = `${props.id}-caption`;
  return (
    <div class="table-wrap" role="region" aria-labelledby={captionId} tabindex={0}>
      <table id={props.id}>
        <caption id={captionId}>{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((column) => (
              <th scope="col">{column.header}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr>
              {props.columns.map((column, index) => (index === 0 ? <th scope="row">{column.cell(row)}</th> : <td>{column.cell(row)}</td>))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
