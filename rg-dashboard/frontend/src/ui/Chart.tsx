// A small React wrapper around uPlot: time on x (epoch ms in, seconds for uPlot), one or two y scales, colours from
// the theme's CSS variables (re-read when <html data-theme> changes), and the chart's width following its box.
// Where there is no 2D canvas (jsdom, a locked-down browser) it shows the latest values as text instead.

import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  /** A CSS custom property of the theme, e.g. '--accent'. */
  color: string;
  /** The y scale this series is drawn on; its axis is declared in `axes`. */
  scale: string;
  values: (number | null)[];
  format: (value: number) => string;
  dashed?: boolean;
  /** Draw as steps (a flag that is 0 or 1). */
  stepped?: boolean;
}

export interface ChartAxis {
  scale: string;
  side: 'left' | 'right';
  format: (value: number) => string;
  /** Fixed limits, e.g. [0, 1] for a ratio; otherwise the scale follows the data. */
  range?: [number, number];
  /** Fixed tick values (e.g. [0, 1] for a flag); otherwise uPlot picks them. */
  splits?: number[];
  /** Start the scale at zero, so a small change does not look like a cliff. */
  fromZero?: boolean;
}

interface Props {
  testId: string;
  /** Read by screen readers and shown on hover. */
  title: string;
  /** Epoch milliseconds, ascending, one per value of every series. */
  x: number[];
  series: ChartSeries[];
  axes: ChartAxis[];
  height?: number;
  /** A line above the chart, e.g. where its data comes from. */
  note?: ReactNode;
}

let canvasAnswer: boolean | undefined;

/** Whether this browser gives a 2D canvas context (uPlot draws on one); asked once. */
export function canvasSupported(): boolean {
  if (canvasAnswer === undefined) {
    try {
      canvasAnswer = document.createElement('canvas').getContext('2d') != null;
    } catch {
      canvasAnswer = false;
    }
  }
  return canvasAnswer;
}

interface Palette {
  text: string;
  muted: string;
  grid: string;
  colors: Record<string, string>;
}

function readPalette(names: string[]): Palette {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const colors: Record<string, string> = {};
  for (const name of names) colors[name] = read(name, '#888888');
  return { text: read('--text', '#e6e9ee'), muted: read('--muted', '#9aa4b2'), grid: read('--border', '#2b323c'), colors };
}

/** Changes whenever <html data-theme> does, so the chart redraws in the new colours. */
function useThemeName(): string {
  const [theme, setTheme] = useState(() => document.documentElement.dataset.theme ?? 'dark');
  useEffect(() => {
    const observer = new MutationObserver(() => setTheme(document.documentElement.dataset.theme ?? 'dark'));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => observer.disconnect();
  }, []);
  return theme;
}

function toAligned(x: number[], series: ChartSeries[]): uPlot.AlignedData {
  return [x.map((ms) => ms / 1000), ...series.map((s) => s.values)];
}

export function Chart({ testId, title, x, series, axes, height = 220, note }: Props) {
  const supported = canvasSupported();
  return (
    <figure className="chart" data-testid={testId} data-points={x.length} data-fallback={supported ? undefined : 'true'}>
      {note !== undefined && <figcaption className="chart-note small muted">{note}</figcaption>}
      {supported ? (
        <UPlotChart title={title} x={x} series={series} axes={axes} height={height} />
      ) : (
        <ChartSummary title={title} x={x} series={series} />
      )}
    </figure>
  );
}

function UPlotChart({ title, x, series, axes, height }: Required<Omit<Props, 'note' | 'testId'>>) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const theme = useThemeName();
  // The chart is rebuilt only when its shape (series, axes, theme) changes; new data is just setData().
  const shape = useMemo(
    () =>
      JSON.stringify({
        theme,
        height,
        series: series.map((s) => [s.label, s.color, s.scale, s.dashed, s.stepped]),
        axes: axes.map((a) => [a.scale, a.side, a.range, a.splits, a.fromZero]),
      }),
    [theme, height, series, axes],
  );
  const latest = useRef({ x, series, axes });
  latest.current = { x, series, axes };

  useEffect(() => {
    const element = box.current;
    if (element === null) return;
    const { x: xs, series: ss, axes: as } = latest.current;
    const palette = readPalette(ss.map((s) => s.color));
    const scales: uPlot.Scales = { x: { time: true } };
    for (const axis of as) {
      scales[axis.scale] = axis.range
        ? { range: axis.range }
        : axis.fromZero
          ? { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] }
          : {};
    }
    const stepped = uPlot.paths.stepped?.({ align: 1 });
    const options: uPlot.Options = {
      width: Math.max(element.clientWidth, 200),
      height,
      scales,
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
      series: [
        {},
        ...ss.map(
          (s): uPlot.Series => ({
            label: s.label,
            scale: s.scale,
            stroke: palette.colors[s.color],
            width: 2,
            dash: s.dashed ? [6, 4] : undefined,
            spanGaps: true,
            points: { show: false },
            paths: s.stepped ? stepped : undefined,
            value: (_u, v) => (v == null ? '-' : s.format(v)),
          }),
        ),
      ],
      axes: [
        { stroke: palette.muted, space: 80, grid: { stroke: palette.grid, width: 1 }, ticks: { stroke: palette.grid, width: 1 } },
        ...as.map(
          (a): uPlot.Axis => ({
            scale: a.scale,
            side: a.side === 'left' ? 3 : 1,
            stroke: palette.muted,
            size: 90,
            grid: a.side === 'left' ? { stroke: palette.grid, width: 1 } : { show: false },
            ticks: { stroke: palette.grid, width: 1 },
            values: (_u, splits) => splits.map((v) => a.format(v)),
            splits: a.splits ? () => a.splits ?? [] : undefined,
          }),
        ),
      ],
    };
    const chart = new uPlot(options, toAligned(xs, ss), element);
    plot.current = chart;
    let observer: ResizeObserver | undefined;
    if (typeof ResizeObserver !== 'undefined') {
      observer = new ResizeObserver(() => {
        const width = Math.max(element.clientWidth, 200);
        if (width !== chart.width) chart.setSize({ width, height });
      });
      observer.observe(element);
    }
    return () => {
      observer?.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, [shape, height]);

  useEffect(() => {
    plot.current?.setData(toAligned(x, series));
  }, [x, series]);

  return <div ref={box} className="chart-canvas" role="img" aria-label={title} title={title} />;
}

/** Without a canvas: the last value of each series, so the numbers are still there. */
function ChartSummary({ title, x, series }: Pick<Props, 'title' | 'x' | 'series'>) {
  return (
    <div className="chart-summary" role="img" aria-label={title}>
      <p className="small muted">
        {title}: {x.length === 0 ? 'no samples yet' : `${x.length} sample${x.length === 1 ? '' : 's'}`} (this browser
        cannot draw charts)
      </p>
      {x.length > 0 && (
        <dl className="facts">
          {series.map((s) => {
            const last = lastValue(s.values);
            return (
              <div key={s.label} className="fact" data-series={s.label}>
                <dt>{s.label}</dt>
                <dd>{last === null ? '-' : s.format(last)}</dd>
              </div>
            );
          })}
        </dl>
      )}
    </div>
  );
}

function lastValue(values: (number | null)[]): number | null {
  for (let i = values.length - 1; i >= 0; i -= 1) {
    const v = values[i];
    if (v !== null && v !== undefined) return v;
  }
  return null;
}
