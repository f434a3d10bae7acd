/**
 * A small hand-written SVG for the results: HTTP requests and simulated time per way and size, on
 * log scales (the ways differ by orders of magnitude). Extrapolated bars are drawn hollow.
 */
import type { BenchReport } from './benchmark';
import { WAYS, type WayId } from './figures';
import { count, figuresFor, shortDuration } from './report';

const COLOURS: Record<WayId, string> = {
  addon: '#1a73e8',
  'per-contact': '#f29900',
  'per-row-tutorial': '#d93025',
};
const WAY_ORDER: WayId[] = ['addon', 'per-contact', 'per-row-tutorial'];

const PANEL_WIDTH = 420;
const PANEL_HEIGHT = 260;
const MARGIN = { top: 64, left: 56, bottom: 70 };
const BAR_WIDTH = 26;

interface Panel {
  title: string;
  value: (rows: number, way: WayId) => number | undefined;
  label: (value: number) => string;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function panelSvg(report: BenchReport, panel: Panel, offsetX: number): string {
  const sizes = report.config.sizes;
  const values = sizes.flatMap((rows) => WAY_ORDER.map((way) => panel.value(rows, way) ?? 0));
  const positive = values.filter((v) => v > 0);
  const minExp = Math.floor(Math.log10(Math.min(...positive, 1)));
  const maxExp = Math.ceil(Math.log10(Math.max(...positive, 10)));
  const plotHeight = PANEL_HEIGHT - MARGIN.top - MARGIN.bottom + 40;
  const baseY = MARGIN.top + plotHeight;
  const y = (v: number) =>
    baseY - ((Math.log10(Math.max(v, 10 ** minExp)) - minExp) / (maxExp - minExp || 1)) * plotHeight;
  const parts: string[] = [
    `<text x="${offsetX + PANEL_WIDTH / 2}" y="40" text-anchor="middle" font-weight="bold">${escapeXml(panel.title)}</text>`,
  ];
  for (let e = minExp; e <= maxExp; e++) {
    const gridY = y(10 ** e).toFixed(1);
    parts.push(
      `<line x1="${offsetX + MARGIN.left}" x2="${offsetX + PANEL_WIDTH - 10}" y1="${gridY}" y2="${gridY}" stroke="#e0e0e0"/>`,
      `<text x="${offsetX + MARGIN.left - 6}" y="${gridY}" dy="4" text-anchor="end" font-size="10" fill="#5f6368">${escapeXml(count(10 ** e))}</text>`,
    );
  }
  const groupWidth = (PANEL_WIDTH - MARGIN.left - 10) / sizes.length;
  sizes.forEach((rows, g) => {
    const groupX = offsetX + MARGIN.left + g * groupWidth;
    const firstBarX = groupX + (groupWidth - WAY_ORDER.length * BAR_WIDTH) / 2;
    WAY_ORDER.forEach((way, i) => {
      const value = panel.value(rows, way);
      if (value === undefined) return;
      const extrapolated = figuresFor(report, way, rows)?.basis === 'extrapolated';
      const barX = firstBarX + i * BAR_WIDTH;
      const top = y(value);
      const fill = extrapolated ? 'white' : COLOURS[way];
      parts.push(
        `<rect x="${barX.toFixed(1)}" y="${top.toFixed(1)}" width="${BAR_WIDTH - 4}" height="${(baseY - top).toFixed(1)}" fill="${fill}" stroke="${COLOURS[way]}" stroke-width="2"${extrapolated ? ' stroke-dasharray="4 2"' : ''}/>`,
        `<text x="${(barX + (BAR_WIDTH - 4) / 2).toFixed(1)}" y="${(top - 4).toFixed(1)}" text-anchor="middle" font-size="9">${escapeXml(panel.label(value))}</text>`,
      );
    });
    parts.push(
      `<text x="${(groupX + groupWidth / 2).toFixed(1)}" y="${baseY + 18}" text-anchor="middle" font-size="11">${escapeXml(count(rows))} rows</text>`,
    );
  });
  return parts.join('\n');
}

export function renderChartSvg(report: BenchReport): string {
  const panels: Panel[] = [
    {
      title: 'HTTP requests (log scale)',
      value: (rows, way) => figuresFor(report, way, rows)?.requests,
      label: (n) => (n >= 10_000 ? `${Math.round(n / 1000)}k` : count(n)),
    },
    {
      title: 'Simulated Apps Script time, seconds (log scale)',
      value: (rows, way) => {
        const figures = figuresFor(report, way, rows);
        return figures && figures.simulatedMs / 1000;
      },
      label: (seconds) => shortDuration(seconds * 1000),
    },
  ];
  const width = PANEL_WIDTH * panels.length;
  const height = PANEL_HEIGHT + 30;
  const legendY = height - 14;
  const legend = WAY_ORDER.map((way, i) => {
    const x = 20 + i * 220;
    return `<rect x="${x}" y="${legendY - 10}" width="12" height="12" fill="${COLOURS[way]}"/><text x="${x + 18}" y="${legendY}" font-size="11">${escapeXml(WAYS[way].label)}</text>`;
  }).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Arial, Helvetica, sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="${width / 2}" y="18" text-anchor="middle" font-size="14" font-weight="bold">Importing contacts: the add-on beside per-row ways (hollow bars: extrapolated)</text>
${panels.map((panel, i) => panelSvg(report, panel, i * PANEL_WIDTH)).join('\n')}
${legend}<text x="680" y="${legendY}" font-size="11" fill="#5f6368">emulator, virtual clock</text>
</svg>
`;
}
