// Small inline-SVG charts (no library): a histogram and a line chart.
// All labels go in through textContent.

const NS = 'http://www.w3.org/2000/svg';
export const PALETTE = ['#409eff', '#e6a23c', '#67c23a', '#f56c6c', '#909399', '#9b59b6'];

function s(tag, attrs = {}, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = String(text);
  return el;
}

function svgRoot(width, height, label) {
  return s('svg', { viewBox: `0 0 ${width} ${height}`, width: '100%', class: 'chart', role: 'img',
    'aria-label': label, preserveAspectRatio: 'xMidYMid meet' });
}

const fmt = (n) => String(Math.round(n * 1000) / 1000);

function niceStep(range, maxTicks) {
  const raw = range / Math.max(1, maxTicks);
  const p = 10 ** Math.floor(Math.log10(raw || 1));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

// Histogram of values (numbers). Bins [lo, lo+w), the last one closed.
export function histogram(values, { title = '', width = 380, height = 220, color = PALETTE[0], unit = '个单位' } = {}) {
  const svg = svgRoot(width, height, title);
  if (title) svg.append(s('title', {}, title));
  const m = { l: 34, r: 14, t: 16, b: 34 };
  const pw = width - m.l - m.r;
  const ph = height - m.t - m.b;
  if (!values.length) {
    svg.append(s('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'chart-muted' }, '暂无数据'));
    return svg;
  }
  let min = Math.min(...values);
  let max = Math.max(...values);
  const w = Math.max(0.5, niceStep(max - min || 1, 10));
  const lo = Math.floor(min / w) * w;
  const n = Math.max(1, Math.floor((max - lo) / w) + 1);
  const counts = new Array(n).fill(0);
  for (const v of values) counts[Math.min(n - 1, Math.floor((v - lo) / w + 1e-9))]++;
  const top = Math.max(...counts);
  const yStep = Math.max(1, Math.ceil(niceStep(top, 4)));
  const yMax = Math.ceil(top / yStep) * yStep;
  const y = (c) => m.t + ph - (c / yMax) * ph;
  const bw = pw / n;

  const axis = s('g', { class: 'chart-axis' });
  for (let c = 0; c <= yMax; c += yStep) {
    axis.append(s('line', { x1: m.l, x2: m.l + pw, y1: y(c), y2: y(c), class: 'chart-grid' }));
    axis.append(s('text', { x: m.l - 6, y: y(c) + 4, 'text-anchor': 'end' }, c));
  }
  const every = Math.ceil((n + 1) / 12);
  for (let i = 0; i <= n; i += every) {
    axis.append(s('text', { x: m.l + i * bw, y: m.t + ph + 16, 'text-anchor': 'middle' }, fmt(lo + i * w)));
  }
  axis.append(s('text', { x: m.l + pw / 2, y: height - 2, 'text-anchor': 'middle', class: 'chart-muted' }, '合计得分'));
  svg.append(axis);

  counts.forEach((c, i) => {
    if (!c) return;
    const from = fmt(lo + i * w);
    const to = fmt(lo + (i + 1) * w);
    const bar = s('rect', { x: m.l + i * bw + 1, y: y(c), width: Math.max(1, bw - 2), height: m.t + ph - y(c),
      fill: color, rx: 2 });
    bar.append(s('title', {}, `${from} ≤ 合计 ${i === n - 1 ? '≤ ' + fmt(max) : '< ' + to}：${c}${unit}`));
    svg.append(bar);
    svg.append(s('text', { x: m.l + i * bw + bw / 2, y: y(c) - 3, 'text-anchor': 'middle', class: 'chart-value' }, c));
  });
  svg.append(s('line', { x1: m.l, x2: m.l + pw, y1: m.t + ph, y2: m.t + ph, class: 'chart-baseline' }));
  return svg;
}

// Line chart. labels: x labels; series: [{name, values: [number|null], color}].
export function lineChart(labels, series, { title = '', width = 640, height = 240, legend = true } = {}) {
  const svg = svgRoot(width, height, title);
  if (title) svg.append(s('title', {}, title));
  const m = { l: 40, r: 30, t: legend ? 30 : 14, b: 30 };
  const pw = width - m.l - m.r;
  const ph = height - m.t - m.b;
  const all = series.flatMap((x) => x.values).filter((v) => v !== null && v !== undefined && !Number.isNaN(v));
  if (!all.length) {
    svg.append(s('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'chart-muted' }, '暂无数据'));
    return svg;
  }
  const step = niceStep((Math.max(...all) - Math.min(...all)) || 1, 4);
  const yLo = Math.floor((Math.min(...all) - step / 2) / step) * step;
  const yHi = Math.ceil((Math.max(...all) + step / 2) / step) * step;
  const x = (i) => m.l + (labels.length === 1 ? pw / 2 : (i / (labels.length - 1)) * pw);
  const y = (v) => m.t + ph - ((v - yLo) / (yHi - yLo)) * ph;

  const axis = s('g', { class: 'chart-axis' });
  for (let v = yLo; v <= yHi + 1e-9; v += step) {
    axis.append(s('line', { x1: m.l, x2: m.l + pw, y1: y(v), y2: y(v), class: 'chart-grid' }));
    axis.append(s('text', { x: m.l - 6, y: y(v) + 4, 'text-anchor': 'end' }, fmt(v)));
  }
  const every = Math.ceil(labels.length / Math.max(1, Math.floor(pw / 70)));
  labels.forEach((lb, i) => {
    if (i % every === 0) axis.append(s('text', { x: x(i), y: m.t + ph + 18, 'text-anchor': 'middle' }, lb));
  });
  svg.append(axis);

  series.forEach((ser, k) => {
    const color = ser.color || PALETTE[k % PALETTE.length];
    let d = '';
    let pen = false;
    ser.values.forEach((v, i) => {
      if (v === null || v === undefined || Number.isNaN(v)) { pen = false; return; }
      d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
      pen = true;
    });
    if (d) svg.append(s('path', { d, fill: 'none', stroke: color, 'stroke-width': 2 }));
    ser.values.forEach((v, i) => {
      if (v === null || v === undefined || Number.isNaN(v)) return;
      const dot = s('circle', { cx: x(i), cy: y(v), r: 3.5, fill: '#fff', stroke: color, 'stroke-width': 2 });
      dot.append(s('title', {}, `${ser.name ? ser.name + ' ' : ''}${labels[i]}：${ser.labels ? ser.labels[i] : fmt(v)}`));
      svg.append(dot);
    });
    if (legend && ser.name) {
      const lx = m.l + k * 110;
      svg.append(s('rect', { x: lx, y: 8, width: 14, height: 4, fill: color, rx: 1 }));
      svg.append(s('text', { x: lx + 20, y: 14, class: 'chart-legend' }, ser.name));
    }
  });
  return svg;
}
