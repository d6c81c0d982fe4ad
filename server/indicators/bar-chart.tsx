/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// A horizontal bar chart drawn on the server as plain SVG: one row per category, one bar per
// series, the value written at the end of each bar. Plain SVG rather than a chart library:
// bars are a few rectangles and texts, need no DOM on the server, weigh nothing, and print
// crisply; a library made for exploration (Observable Plot and d3) would need a fake DOM and
// hundreds of kilobytes for the same picture. The chart is one image with a title and a
// description that says what it shows; the table beside it gives the same figures to read.

export interface Series {
  label: string;
  /** One value per category. */
  values: readonly number[];
  /** A class from the indicators stylesheet: `bar--now`, `bar--before`. */
  tone: 'now' | 'before' | 'plain';
}

const WIDTH = 640;
const LABEL_HEIGHT = 22;
const BAR_HEIGHT = 18;
const GAP = 14;
const VALUE_ROOM = 56;

/** @example <BarChart id="requests" title="Demandes" description="…" categories={['A']} series={[{ label: 'Novembre', values: [3], tone: 'now' }]} /> */
export function BarChart(props: { id: string; title: string; description: string; categories: readonly string[]; series: readonly Series[] }) {
  const max = Math.max(1, ...props.series.flatMap((s) => s.values));
  const rowHeight = LABEL_HEIGHT + props.series.length * (BAR_HEIGHT + 4) + GAP;
  const legendHeight = props.series.length > 1 ? 28 : 0;
  const height = legendHeight + props.categories.length * rowHeight;
  const scale = (value: number) => (value / max) * (WIDTH - VALUE_ROOM);
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-labelledby={`${props.id}-title ${props.id}-desc`}
        xmlns="http://www.w3.org/2000/svg"
        width="100%"
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={`${props.id}-title`}>{props.title}</title>
        <desc id={`${props.id}-desc`}>{props.description}</desc>
        {props.series.length > 1
          ? props.series.map((s, i) => (
              <g>
                <rect x={i * 200} y={6} width={16} height={16} class={`bar bar--${s.tone}`} />
                <text x={i * 200 + 22} y={19} class="chart__text">
                  {s.label}
                </text>
              </g>
            ))
          : null}
        {props.categories.map((category, row) => {
          const top = legendHeight + row * rowHeight;
          return (
            <g>
              <text x={0} y={top + 16} class="chart__text chart__label">
                {category}
              </text>
              {props.series.map((s, i) => {
                const value = s.values[row] ?? 0;
                const y = top + LABEL_HEIGHT + i * (BAR_HEIGHT + 4);
                const width = scale(value);
                return (
                  <g>
                    <rect x={0} y={y} width={Math.max(width, value > 0 ? 2 : 0)} height={BAR_HEIGHT} class={`bar bar--${s.tone}`} />
                    <text x={width + 6} y={y + 14} class="chart__text">
                      {String(value)}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
