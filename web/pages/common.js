// Helpers shared by the pages: the period choice and the filter bar.

import * as api from '../api.js';
import { h, select } from '../ui.js';

// Loads the periods and picks the current one: ?period=, then the one chosen
// last in this tab, then the API's latest.
export async function loadPeriods(ctx) {
  const { periods = [], latest } = await api.periods();
  let id = ctx.query.get('period') || ctx.rememberedPeriod.get() || latest;
  if (!periods.some((p) => p.id === id)) id = latest || (periods.length ? periods[periods.length - 1].id : '');
  if (id) ctx.rememberedPeriod.set(id);
  return { periods, latest, current: periods.find((p) => p.id === id) || null };
}

// Newest period first.
export function periodSelect(periods, current, onChange) {
  return select({
    testid: 'period-select',
    options: [...periods].reverse().map((p) => ({ value: p.id, label: p.name || p.id })),
    value: current ? current.id : '',
    onChange,
  });
}

export function filterBar(...items) {
  return h('div', { class: 'filter-bar' }, items.map((it) =>
    Array.isArray(it) ? h('label', { class: 'filter-item' }, h('span', { class: 'filter-label' }, it[0]), it[1]) : it));
}

// "区商务局" + period → "#/unit/%E5%8C%BA…?period=2020Q3"
export const unitHref = (ctx, name, period) => ctx.href(['unit', name], { period });
