// Interpolation Lab dashboard: a single page served by the gateway, talking only to the gateway's REST API and its
// Server-Sent Events. Pages: #/ (sweeps), #/sweeps/ID (live curves, threshold, theory), #/sweeps/ID/runs/RUN (one run,
// neuron polar plot), #/sweeps/ID/hull (hull and robustness), #/hull (hull of uploaded points).
//
// window.lab exposes what the charts hold (lab.charts[name].series: label, x, y as received) and the live counters, so
// browser tests can check the charts against the API.
'use strict';

const lab = window.lab = { charts: {}, ready: false, page: null, live: { epochs: 0, runEvents: 0, analyses: 0, resets: 0 } };

const PALETTE = ['#2f6fde', '#d0453a', '#2e9d5b', '#d08a1a', '#7b4fd1', '#1a9fb0', '#c2417f', '#6b7385', '#8a6d1f', '#3c8c3c'];
const RUNS_SHOWN = 100; // rows of a sweep's runs table until "show all": a 1,000-run page stays quick
const PER_DECADE = 10; // thinning of the loss curves (steps kept per decade), as the API's ?perDecade

// ---------------------------------------------------------------------------------------------------------- helpers

async function api(path, options) {
  const response = await fetch(path, options);
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const message = body && (body.message || (body.errors || []).map(e => e.field + ': ' + e.message).join('; '));
    throw new Error(response.status + ' ' + (message || response.statusText));
  }
  return body;
}

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (name === 'onclick' || name === 'onchange' || name === 'oninput' || name === 'onsubmit') node[name] = value;
    else if (value !== undefined && value !== null) node.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function num(value, digits = 3) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  const x = Number(value);
  if (x === 0) return '0';
  return Math.abs(x) >= 1e4 || Math.abs(x) < 1e-3 ? x.toExponential(digits - 1) : String(Number(x.toPrecision(digits)));
}

/** "data.samples=20, model.init.scale=1e-5" for a GridValue list or a {path: value} object. */
function gridLabel(grid) {
  const entries = Array.isArray(grid) ? grid.map(g => [g.path, g.value]) : Object.entries(grid || {});
  return entries.map(([path, value]) => path.replace(/^.*\./, '') + '=' + value).join(', ') || 'base spec';
}

function statusBadge(status) {
  return el('span', { class: 'status ' + status }, status);
}

function progressBar(runs) {
  const total = Math.max(1, runs.total);
  return el('span', { class: 'progress', title: `${runs.completed} completed, ${runs.failed} failed of ${runs.total}` },
    el('span', { style: `width:${100 * runs.completed / total}%;display:inline-block` }),
    el('span', { class: 'failed', style: `width:${100 * runs.failed / total}%` }));
}

/**
 * Calls fn at most every `ms` milliseconds: at once when it has not run for that long (a page draws as soon as its
 * data arrive), else once at the end of the interval, so the last call always lands. `pending()` tells whether a
 * call is due.
 */
function throttle(fn, ms) {
  let timer = null;
  let last = -Infinity;
  const run = () => { timer = null; last = performance.now(); fn(); };
  const call = () => {
    if (timer !== null) return;
    const wait = last + ms - performance.now();
    timer = setTimeout(run, Math.max(0, wait));
  };
  call.pending = () => timer !== null;
  return call;
}

// ----------------------------------------------------------------------------------------------------------- charts

/**
 * A chart on uPlot whose series each have their own x values (runs record different steps): the series are joined on
 * the union of their x values, with gaps spanned. Non-positive values are left out of log axes.
 */
class Chart {
  constructor(name, container, { title, xLabel, yLabel, logX = false, logY = false, fraction = false, height = 300, note }) {
    this.name = name;
    this.options = { title, xLabel, yLabel, logX, logY, fraction, height };
    this.series = [];
    this.card = el('div', { class: 'card', 'data-chart': name }, el('h3', {}, title));
    this.legend = el('div', { class: 'legend' });
    this.plotArea = el('div');
    this.card.append(this.plotArea, this.legend);
    if (note) this.card.append(el('div', { class: 'note' }, note));
    container.append(this.card);
    this.plot = null;
    this.shape = '';
    this.redraw = throttle(() => this.draw(), 250);
    lab.charts[name] = this;
  }

  /** Whether data arrived that is not drawn yet. */
  get pendingDraw() {
    return this.redraw.pending();
  }

  /** series: [{label, color, x: [], y: [], dash, width, points, line}] */
  set(series, legend) {
    this.series = series;
    if (legend) this.setLegend(legend);
    this.redraw();
  }

  setLegend(entries) {
    this.legend.replaceChildren(...entries.map(([label, color, dash]) =>
      el('span', {}, el('i', { style: `background:${color};${dash ? 'opacity:.5' : ''}` }), label)));
  }

  keep(value, log) {
    return Number.isFinite(value) && (!log || value > 0);
  }

  draw() {
    const { logX, logY } = this.options;
    const xs = new Set();
    for (const s of this.series) s.x.forEach(x => { if (this.keep(x, logX)) xs.add(x); });
    const xAxis = Float64Array.from(xs).sort();
    const index = new Map();
    xAxis.forEach((x, i) => index.set(x, i));
    const data = [xAxis];
    for (const s of this.series) {
      const column = new Array(xAxis.length).fill(null);
      for (let i = 0; i < s.x.length; i++) {
        // A log y axis plots log₁₀ y on a linear scale: losses that interpolate to 1e-30 stay on the chart (uPlot's
        // own log scale cannot place ticks below about 1e-16).
        if (this.keep(s.x[i], logX) && this.keep(s.y[i], logY)) column[index.get(s.x[i])] = logY ? Math.log10(s.y[i]) : s.y[i];
      }
      data.push(column);
    }
    lab.lastDrawAt = performance.now(); // ms since navigation: ./lab bench live reads it as the page's load time
    const shape = this.series.map(s => s.label + s.color).join('|');
    const width = Math.max(300, this.plotArea.clientWidth || this.card.clientWidth - 24);
    if (this.plot && shape === this.shape && this.plot.width === width) {
      this.plot.setData(data);
      return;
    }
    if (this.plot) this.plot.destroy();
    this.shape = shape;
    this.plot = new uPlot({
      width, height: this.options.height,
      legend: { show: false },
      cursor: { points: { show: false } },
      scales: { x: { time: false, distr: logX ? 3 : 1, range: logX ? decades : undefined },
        y: { range: logY ? (u, min, max) => [Math.floor(min), Math.max(Math.ceil(max), Math.floor(min) + 1)]
          : this.options.fraction ? [0, 1] : undefined } },
      axes: [{ label: this.options.xLabel, size: 40 },
        { label: this.options.yLabel, size: 60, ...(logY ? { values: powersOfTen, incrs: [1, 2, 3, 5, 10, 20] } : {}) }],
      series: [{}, ...this.series.map(s => ({
        label: s.label, stroke: s.color, width: s.width || 1, dash: s.dash, spanGaps: true,
        points: { show: !!s.points, size: 7, fill: s.color, stroke: s.color },
        paths: s.line === false ? () => null : undefined,
      }))],
    }, data, this.plotArea);
  }
}

/** A log x axis from the decade below the smallest value to the decade above the largest. */
function decades(u, min, max) {
  if (!(max > 0)) return [0.1, 1];
  const top = Math.ceil(Math.log10(max));
  const bottom = Math.floor(Math.log10(Math.max(min, 1e-15)));
  return [Math.pow(10, bottom), Math.pow(10, top === bottom ? top + 1 : top)];
}

/** Tick labels of a log₁₀-valued axis: 10^k as 1, 10, 0.01 near 1 and 1e-12 far from it. */
function powersOfTen(u, splits) {
  return splits.map(k => Number.isInteger(k) ? (k >= -3 && k <= 4 ? String(Math.pow(10, k)) : '1e' + k) : '');
}

/** Colours by grid point, the same for every repeat of it. */
function colourOf(grid, groups) {
  const key = JSON.stringify(grid || {});
  if (!groups.has(key)) groups.set(key, PALETTE[groups.size % PALETTE.length]);
  return groups.get(key);
}

// ------------------------------------------------------------------------------------------------------ live stream

/** One EventSource per page; the browser reconnects with Last-Event-ID by itself, the server replays or resets. */
let stream = null;

function openStream(sweepId, perDecade, handlers) {
  closeStream();
  const indicator = document.getElementById('live');
  stream = new EventSource(`/api/sweeps/${encodeURIComponent(sweepId)}/stream?perDecade=${perDecade}`);
  stream.onopen = () => { indicator.className = 'live on'; };
  stream.onerror = () => { indicator.className = 'live off'; };
  for (const [name, handler] of Object.entries(handlers)) {
    stream.addEventListener(name, event => handler(JSON.parse(event.data)));
  }
}

function closeStream() {
  if (stream) stream.close();
  stream = null;
  document.getElementById('live').className = 'live';
}

// ------------------------------------------------------------------------------------------------------- sweep list

async function sweepsPage(page) {
  page.append(el('h1', {}, 'Sweeps'), el('div', { class: 'sub' }, 'Newest first; refreshed every 2 s. Submit with ',
    el('code', {}, './lab submit FILE'), ' or POST /api/sweeps.'));
  const table = el('table', { id: 'sweeps' });
  page.append(table);
  const refresh = async () => {
    const sweeps = await api('/api/sweeps');
    table.replaceChildren(el('tr', {}, el('th', { class: 'text' }, 'name'), el('th', { class: 'text' }, 'id'),
      el('th', { class: 'text' }, 'status'), el('th', {}, 'progress'), el('th', {}, 'runs'), el('th', {}, 'completed'),
      el('th', {}, 'failed'), el('th', { class: 'text' }, 'accepted')),
    ...sweeps.map(s => el('tr', { 'data-sweep': s.id },
      el('td', { class: 'text' }, el('a', { href: `#/sweeps/${s.id}` }, s.name)), el('td', { class: 'text' }, s.id),
      el('td', { class: 'text' }, statusBadge(s.status)), el('td', {}, progressBar(s.runs)), el('td', {}, s.runs.total),
      el('td', {}, s.runs.completed), el('td', {}, s.runs.failed), el('td', { class: 'text' }, new Date(s.acceptedAt).toLocaleString()))));
    if (sweeps.length === 0) table.append(el('tr', {}, el('td', { class: 'text empty', colspan: 8 }, 'No sweep yet.')));
  };
  await refresh();
  const timer = setInterval(() => refresh().catch(() => {}), 2000);
  return () => clearInterval(timer);
}

// ------------------------------------------------------------------------------------------------------- sweep page

async function sweepPage(page, sweepId) {
  const header = el('div');
  const charts = el('div', { class: 'grid' });
  const thresholdArea = el('div');
  const theoryArea = el('div', { class: 'grid' });
  const timelineArea = el('div');
  const runsArea = el('div');
  page.append(header, charts, thresholdArea, theoryArea, timelineArea, runsArea);
  const train = new Chart('trainLoss', charts, { title: 'Train loss per run', xLabel: 'step', yLabel: 'train loss', logX: true, logY: true });
  const test = new Chart('testLoss', charts, { title: 'Test loss per run', xLabel: 'step', yLabel: 'test loss', logX: true, logY: true });
  const fraction = new Chart('nonInterpolating', charts, { title: 'Fraction non-interpolating against n', xLabel: 'n (samples)',
    yLabel: 'fraction', logX: true, fraction: true, note: 'Over the certified runs (unresolved ones left out). Dashed: Wilson 95% interval.' });
  const ratio = new Chart('testOlsRatio', charts, { title: 'Test loss / OLS test loss against n (median)', xLabel: 'n (samples)',
    yLabel: 'test / OLS', logX: true, logY: true });

  const runs = new Map(); // id -> {id, index, grid, status, step[], trainLoss[], testLoss[]}
  const groups = new Map();
  let sweep = null;
  let pending = []; // live events that arrive before the REST state
  let loaded = false;

  const drawCurves = () => {
    const ordered = [...runs.values()].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    const legend = new Map();
    const seriesOf = key => ordered.map(run => {
      const color = colourOf(run.grid, groups);
      legend.set(gridLabel(run.grid), color);
      return { label: run.id, color, x: run.step, y: run[key] };
    });
    train.set(seriesOf('trainLoss'), [...legend.entries()]);
    test.set(seriesOf('testLoss'), [...legend.entries()]);
  };
  const redrawCurves = throttle(drawCurves, 250);

  const renderHeader = () => {
    if (!sweep) return;
    header.replaceChildren(el('h1', {}, sweep.name, ' ', statusBadge(sweep.status)),
      el('div', { class: 'sub' }, `${sweep.id} · ${sweep.runs.completed}/${sweep.runs.total} completed, ${sweep.runs.running} running, `
        + `${sweep.runs.failed} failed, ${sweep.runs.cancelled} cancelled `, progressBar(sweep.runs), ' ',
        el('a', { href: `/api/sweeps/${sweep.id}/export?format=csv` }, 'export CSV'),
        el('a', { href: `/api/sweeps/${sweep.id}/export?format=json` }, 'export JSON'),
        el('a', { href: `#/sweeps/${sweep.id}/hull` }, 'hull & robustness'),
        el('a', { href: `/api/sweeps/${sweep.id}/analysis` }, 'analysis JSON')));
  };
  const refreshHeader = throttle(async () => { sweep = await api(`/api/sweeps/${sweepId}`); renderHeader(); }, 1000);

  const renderAnalysis = analysis => {
    const groupsOfThreshold = analysis.threshold || [];
    const fractionSeries = [];
    const ratioSeries = [];
    const legend = [];
    thresholdArea.replaceChildren(el('h2', {}, 'Optimisation threshold'));
    groupsOfThreshold.forEach((group, g) => {
      const color = PALETTE[g % PALETTE.length];
      const label = gridLabel(group.fixed);
      const rows = group.rows.filter(r => r.fractionNonInterpolating !== undefined);
      const x = rows.map(r => r.samples);
      fractionSeries.push({ label, color, x, y: rows.map(r => r.fractionNonInterpolating), points: true, width: 2 },
        { label: label + ' low', color, x, y: rows.map(r => r.wilsonLow), dash: [4, 4] },
        { label: label + ' high', color, x, y: rows.map(r => r.wilsonHigh), dash: [4, 4] });
      const withRatio = rows.filter(r => r.medianTestRatio !== undefined);
      ratioSeries.push({ label, color, x: withRatio.map(r => r.samples), y: withRatio.map(r => r.medianTestRatio), points: true, width: 2 });
      legend.push([label, color]);
      const setting = (group.setting || []).map(v => `${v.path} = ${v.value}`).join(', ');
      thresholdArea.append(el('h3', {}, label),
        el('div', { class: 'sub', 'data-threshold-interp': g }, 'n*_interp ', thresholdText(group.interpolation, 'non-interpolating')),
        el('div', { class: 'sub', 'data-threshold-ols': g }, 'n*_OLS ', thresholdText(group.ols, 'OLS-like')),
        el('div', { class: 'sub' }, `${group.seeds} seeds per n · ${group.unresolved || 0} unresolved run(s) left out of every fraction`
          + (setting ? ` · ${setting}` : '')),
        el('table', { 'data-threshold': g }, el('tr', {}, ['n', 'runs', 'completed', 'failed', 'interpolating', 'ols-like', 'spurious',
          'unresolved', 'non-interpolating', 'fraction', '95% interval', 'ols-like fraction', 'median tr/OLS', 'median te/OLS',
          'median |cos(β_eff, β̂)|'].map(h => el('th', {}, h))),
        ...group.rows.map(r => el('tr', {}, el('td', {}, r.samples), el('td', {}, r.runs), el('td', {}, r.completed),
          el('td', {}, r.failed), el('td', {}, r.interpolatingRuns || 0), el('td', {}, r.olsLikeRuns || 0),
          el('td', {}, r.spuriousRuns || 0), el('td', {}, r.unresolvedRuns || 0),
          el('td', {}, `${r.nonInterpolating || 0}/${r.certified || 0}`), el('td', {}, num(r.fractionNonInterpolating, 2)),
          el('td', {}, r.wilsonLow === undefined ? '—' : `[${num(r.wilsonLow, 2)}, ${num(r.wilsonHigh, 2)}]`),
          el('td', {}, num(r.fractionOlsLike, 2)),
          el('td', {}, num(r.medianTrainRatio)), el('td', {}, num(r.medianTestRatio)), el('td', {}, num(r.medianAlignment, 3))))));
    });
    if (groupsOfThreshold.length === 0) thresholdArea.append(el('div', { class: 'empty' }, 'No threshold yet (it needs completed runs).'));
    fraction.set(fractionSeries, legend);
    ratio.set(ratioSeries, legend);
    renderTheory(analysis.theory || []);
  };

  /** "in (40, 80] · logistic 57 [95% profile 31, 120] · trend p = 0.001" */
  const thresholdText = (t, outcome) => {
    if (!t) return '—';
    const bracket = t.at === undefined ? `not reached (no n from which most certified runs are ${outcome})`
      : t.below === undefined ? `≤ ${t.at} (from the first n on)` : `in (${t.below}, ${t.at}]`;
    const logistic = t.logistic === undefined ? ''
      : ` · logistic ${num(t.logistic)} [95% profile ${t.low === undefined ? 'open' : num(t.low)}, ${t.high === undefined ? 'open' : num(t.high)}]`;
    const trend = t.trendP === undefined ? '' : ` · Cochran–Armitage p = ${num(t.trendP, 2)}`;
    return bracket + logistic + trend;
  };

  const renderTheory = curves => {
    theoryArea.replaceChildren();
    curves.forEach((curve, c) => {
      const axis = curve.axis === 'gamma' ? 'γ = d/n' : 'ψ1 = N/d';
      const chart = new Chart('theory' + c, theoryArea, { title: `${curve.formula}: excess risk against ${axis} (${gridLabel(curve.fixed)})`,
        xLabel: axis, yLabel: 'excess test risk', logX: true, logY: true,
        note: `Line: ${curve.formula}; points: median measured test MSE. Max relative error on compared points: ${num(curve.maxRelativeError, 2)}.` });
      const points = curve.points;
      const measured = points.filter(p => p.measured !== undefined);
      const series = [
        { label: curve.formula, color: PALETTE[0], x: points.map(p => p.x), y: points.map(p => p.theory), width: 2 },
        { label: 'measured', color: PALETTE[1], x: measured.map(p => p.x), y: measured.map(p => p.measured), points: true, line: false },
      ];
      const legend = [[curve.formula, PALETTE[0]], ['measured (median)', PALETTE[1]]];
      if (points.some(p => p.finiteN !== undefined)) {
        const finite = points.filter(p => p.finiteN !== undefined);
        series.push({ label: 'T3 finite n', color: PALETTE[2], x: finite.map(p => p.x), y: finite.map(p => p.finiteN), dash: [5, 4] });
        legend.push(['T3 (exact, finite n)', PALETTE[2]]);
      }
      chart.set(series, legend);
    });
  };

  let showAllRuns = false;
  const renderRuns = () => {
    const ordered = [...runs.values()].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    const shown = showAllRuns ? ordered : ordered.slice(0, RUNS_SHOWN);
    runsArea.replaceChildren(el('h2', {}, `Runs (${ordered.length})`), el('table', { id: 'runs' },
      el('tr', {}, ['run', 'grid point', 'status', 'steps', 'final train loss', 'final test loss', 'end state']
        .map((h, i) => el('th', { class: i < 3 ? 'text' : '' }, h))),
      ...shown.map(run => el('tr', {}, el('td', { class: 'text' }, el('a', { href: `#/sweeps/${sweepId}/runs/${run.id}` }, run.id)),
        el('td', { class: 'text' }, gridLabel(run.grid)), el('td', { class: 'text' }, statusBadge(run.status)),
        el('td', {}, run.steps ?? (run.step.length ? run.step[run.step.length - 1] : '—')),
        el('td', {}, num(run.finalTrainLoss)), el('td', {}, num(run.finalTestLoss)),
        el('td', { class: 'text' }, run.endState ?? '—')))),
      ...(shown.length < ordered.length
        ? [el('button', { class: 'secondary', onclick: () => { showAllRuns = true; renderRuns(); } }, `Show all ${ordered.length} runs`)]
        : []));
  };
  const redrawRuns = throttle(renderRuns, 1000);

  /** Appends a recorded step to its run's curve unless the curve already holds it (replays and REST overlap). */
  const addStep = (runId, step, trainLoss, testLoss) => {
    let run = runs.get(runId);
    if (!run) {
      run = { id: runId, index: null, grid: {}, status: 'running', step: [], trainLoss: [], testLoss: [] };
      runs.set(runId, run);
    }
    const last = run.step.length ? run.step[run.step.length - 1] : -1;
    if (step <= last) return false;
    run.step.push(step);
    run.trainLoss.push(trainLoss);
    run.testLoss.push(testLoss);
    return true;
  };

  const onEpoch = epoch => {
    if (!loaded) { pending.push(['epoch', epoch]); return; }
    if (addStep(epoch.runId, Number(epoch.step), epoch.trainLoss, epoch.testLoss)) {
      lab.live.epochs++;
      redrawCurves();
    }
  };
  const onRun = event => {
    if (!loaded) { pending.push(['run', event]); return; }
    lab.live.runEvents++;
    const run = runs.get(event.runId);
    if (run) {
      // RELEASED: the attempt ended and the run waits in the queue for its next one
      run.status = event.kind === 'RELEASED' ? 'queued' : event.kind.toLowerCase();
      if (event.kind === 'COMPLETED' && event.summary) {
        const s = event.summary;
        run.finalTrainLoss = s.finalTrainLoss;
        run.finalTestLoss = s.finalTestLoss;
        run.steps = Number(s.steps);
        if (addStep(run.id, Number(s.steps), s.finalTrainLoss, s.finalTestLoss)) redrawCurves();
      }
    }
    redrawRuns();
    refreshHeader();
  };
  // end states are the analysis' verdicts, not the trainer's: read them again whenever a new analysis arrives
  let dispatch = null;
  const refreshEndStates = throttle(async () => {
    const rows = await api(`/api/sweeps/${sweepId}/runs`);
    for (const row of rows) {
      const run = runs.get(row.id);
      if (run) run.endState = row.endState;
    }
    redrawRuns();
    renderTimeline(timelineArea, rows, dispatch);
  }, 2000);
  const onAnalysis = analysis => {
    lab.live.analyses++;
    dispatch = analysis.dispatch || null;
    renderAnalysis(analysis);
    refreshEndStates();
  };

  const load = async () => {
    loaded = false;
    const [sweepBody, runRows, curves, analysis] = await Promise.all([api(`/api/sweeps/${sweepId}`),
      api(`/api/sweeps/${sweepId}/runs`), api(`/api/sweeps/${sweepId}/curves?perDecade=${PER_DECADE}`),
      api(`/api/sweeps/${sweepId}/analysis`)]);
    lab.dataAt = performance.now();
    sweep = sweepBody;
    runs.clear();
    for (const row of runRows) {
      runs.set(row.id, { id: row.id, index: row.index, grid: row.grid, status: row.status, finalTrainLoss: row.finalTrainLoss,
        finalTestLoss: row.finalTestLoss, endState: row.endState, steps: row.steps, step: [], trainLoss: [], testLoss: [] });
    }
    for (const curve of curves.runs) {
      const run = runs.get(curve.id);
      if (run) Object.assign(run, { step: curve.step, trainLoss: curve.trainLoss, testLoss: curve.testLoss });
    }
    loaded = true;
    const queued = pending;
    pending = [];
    for (const [name, event] of queued) (name === 'epoch' ? onEpoch : onRun)(event);
    renderHeader();
    drawCurves();
    renderAnalysis(analysis);
    renderRuns();
    dispatch = analysis.dispatch || null;
    renderTimeline(timelineArea, runRows, dispatch);
    lab.renderedAt = performance.now();
  };

  // Subscribe first, then load: events that happen while the REST answers travel are queued, not lost.
  openStream(sweepId, PER_DECADE, {
    epoch: onEpoch, run: onRun, analysis: onAnalysis,
    reset: () => { lab.live.resets++; load().catch(showError); },
  });
  await load();
  return closeStream;
}

const OUTCOME_COLOURS = { completed: '#2f6fde', failed: '#d0453a', cancelled: '#9aa1b0', released: '#e0a030', lost: '#7a3fb0', running: '#56b870' };

/**
 * The sweep's timeline: one lane per trainer, a bar per attempt from its start to its end (a lost attempt to its run's
 * next start, a running one to now), coloured by how it ended; with the analysis' dispatch efficiency once finished.
 */
function renderTimeline(container, runRows, dispatch) {
  const bars = [];
  let origin = Infinity;
  let end = -Infinity;
  for (const row of runRows) {
    const timeline = row.timeline || { attempts: [] };
    if (timeline.queuedAt) origin = Math.min(origin, Date.parse(timeline.queuedAt));
    timeline.attempts.forEach((a, i) => {
      if (!a.startedAt) return;
      const next = timeline.attempts[i + 1];
      const to = a.endedAt ? Date.parse(a.endedAt) : a.outcome === 'lost' && next && next.startedAt ? Date.parse(next.startedAt) : Date.now();
      const from = Date.parse(a.startedAt);
      bars.push({ run: row.id, attempt: a.attempt, trainer: a.trainer, outcome: a.outcome, from, to });
      origin = Math.min(origin, from);
      end = Math.max(end, to);
    });
  }
  container.replaceChildren(el('h2', {}, 'Timeline'));
  if (bars.length === 0) {
    container.append(el('div', { class: 'empty' }, 'No run has started yet.'));
    return;
  }
  container.append(el('div', { class: 'sub', 'data-dispatch': dispatch ? num(dispatch.efficiency, 3) : '' }, dispatch
    ? `dispatch efficiency ${num(dispatch.efficiency, 3)} (busy ${num(dispatch.busySeconds, 3)} s over ${dispatch.trainers} trainer(s) × `
      + `${num(dispatch.makespanSeconds, 3)} s) · idle while runs were queued: `
      + (dispatch.trainerTimes || []).map(t => `${t.trainer} ${num(t.idleWhileQueuedSeconds || 0, 2)} s`).join(', ')
    : 'Dispatch efficiency once the sweep is finished.'));
  const trainers = [...new Set(bars.map(b => b.trainer))].sort();
  const lane = 22, left = 90, width = 900, top = 4, axis = 22;
  const span = Math.max(end - origin, 1);
  const x = t => left + (t - origin) / span * (width - left - 10);
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  const add = (tag, attributes, text) => {
    const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    svg.append(node);
    return node;
  };
  const height = top + trainers.length * lane + axis;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('width', '100%');
  svg.setAttribute('data-timeline', bars.length);
  trainers.forEach((trainer, k) => add('text', { x: 4, y: top + k * lane + 15, 'font-size': 12 }, trainer));
  for (const bar of bars) {
    const k = trainers.indexOf(bar.trainer);
    const rect = add('rect', { x: x(bar.from), y: top + k * lane + 3, width: Math.max(x(bar.to) - x(bar.from), 1), height: lane - 6,
      fill: OUTCOME_COLOURS[bar.outcome] || '#888', 'data-run': bar.run, 'data-attempt': bar.attempt, 'data-outcome': bar.outcome });
    const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
    title.textContent = `${bar.run} attempt ${bar.attempt} (${bar.outcome}): ${num((bar.to - bar.from) / 1000, 3)} s`;
    rect.append(title);
  }
  const baseline = top + trainers.length * lane;
  add('line', { x1: left, x2: width - 10, y1: baseline, y2: baseline, stroke: '#c8ccd6' });
  add('text', { x: left, y: baseline + 16, 'font-size': 11 }, '0 s');
  add('text', { x: width - 10, y: baseline + 16, 'font-size': 11, 'text-anchor': 'end' }, `${num(span / 1000, 3)} s after the first run was queued`);
  container.append(svg, el('div', { class: 'legend' }, ...Object.entries(OUTCOME_COLOURS).map(([outcome, colour]) =>
    el('span', {}, el('i', { style: `background:${colour}` }), outcome))));
}

// --------------------------------------------------------------------------------------------------------- run page

async function runPage(page, sweepId, runId) {
  const [rows, runRows] = await Promise.all([api(`/api/runs/${runId}/metrics`), api(`/api/sweeps/${sweepId}/runs`)]);
  const run = runRows.find(r => r.id === runId) || { id: runId, grid: {}, status: 'unknown' };
  page.append(el('h1', {}, run.id, ' ', statusBadge(run.status)),
    el('div', { class: 'sub' }, gridLabel(run.grid), ` · seed ${run.seed} · `, el('a', { href: `#/sweeps/${sweepId}` }, 'back to the sweep'),
      el('a', { href: `/api/runs/${runId}/metrics?format=csv` }, 'metrics CSV')));
  const grid = el('div', { class: 'grid' });
  const polarArea = el('div');
  page.append(grid, polarArea);
  const loss = new Chart('runLoss', grid, { title: 'Loss', xLabel: 'step', yLabel: 'loss', logX: true, logY: true });
  const gradient = new Chart('runGradNorm', grid, { title: 'Gradient norm ‖∇L‖', xLabel: 'step', yLabel: '‖∇L‖', logX: true, logY: true });
  const clusters = rows.some(r => r.directionClusters !== null && r.directionClusters !== undefined)
    ? new Chart('runClusters', grid, { title: 'Neuron direction clusters (cos > 0.99, ≥ 1% of the mass)', xLabel: 'step', yLabel: 'clusters', logX: true })
    : null;
  const accuracy = rows.some(r => r.trainAccuracy !== null && r.trainAccuracy !== undefined)
    ? new Chart('runAccuracy', grid, { title: 'Accuracy', xLabel: 'step', yLabel: 'accuracy', logX: true }) : null;

  const steps = rows.map(r => r.step);
  const column = name => rows.map(r => r[name] ?? null);
  const draw = () => {
    loss.set([{ label: 'train', color: PALETTE[0], x: steps, y: column('trainLoss'), width: 2 },
      { label: 'test', color: PALETTE[1], x: steps, y: column('testLoss'), width: 2 }], [['train', PALETTE[0]], ['test', PALETTE[1]]]);
    gradient.set([{ label: '‖∇L‖', color: PALETTE[2], x: steps, y: column('gradNorm'), width: 2 }]);
    if (clusters) clusters.set([{ label: 'clusters', color: PALETTE[4], x: steps, y: column('directionClusters'), width: 2 }]);
    if (accuracy) accuracy.set([{ label: 'train', color: PALETTE[0], x: steps, y: column('trainAccuracy'), width: 2 },
      { label: 'test', color: PALETTE[1], x: steps, y: column('testAccuracy'), width: 2 }], [['train', PALETTE[0]], ['test', PALETTE[1]]]);
  };
  draw();
  const redraw = throttle(draw, 250);
  const snapshots = rows.filter(r => r.neurons).map(r => ({ step: r.step, ...r.neurons }));
  const polar = snapshots.length ? polarPlot(polarArea, snapshots) : null;

  openStream(sweepId, 0, {
    epoch: epoch => {
      if (epoch.runId !== runId || Number(epoch.step) <= (steps.length ? steps[steps.length - 1] : -1)) return;
      lab.live.epochs++;
      rows.push({ step: Number(epoch.step), trainLoss: epoch.trainLoss, testLoss: epoch.testLoss, gradNorm: epoch.gradNorm,
        directionClusters: epoch.directionClusters, trainAccuracy: epoch.trainAccuracy, testAccuracy: epoch.testAccuracy });
      steps.push(Number(epoch.step));
      if (polar && epoch.neuronAngle && epoch.neuronAngle.length) {
        polar.add({ step: Number(epoch.step), angle: epoch.neuronAngle, radius: epoch.neuronRadius, sign: epoch.neuronSign });
      }
      redraw();
    },
  });
  return closeStream;
}

/**
 * Neurons of a two-layer network on 1-D inputs (science.md §1(b)): neuron j at angle arctan(b_j/w_j) + π·1{w_j < 0}
 * and radius ‖(w_j, b_j)‖ (scaled to the largest of the snapshot), coloured by the sign of a_j; a slider steps
 * through the recorded snapshots, and Play animates them.
 */
function polarPlot(container, snapshots) {
  const size = 420;
  const canvas = el('canvas', { width: size, height: size, id: 'polar' });
  const slider = el('input', { type: 'range', min: 0, max: snapshots.length - 1, value: snapshots.length - 1 });
  const caption = el('div', { class: 'sub' });
  let timer = null;
  const play = el('button', { class: 'secondary', onclick: () => {
    if (timer) { clearInterval(timer); timer = null; play.textContent = 'Play'; return; }
    play.textContent = 'Pause';
    slider.value = 0;
    timer = setInterval(() => {
      if (Number(slider.value) >= snapshots.length - 1) { clearInterval(timer); timer = null; play.textContent = 'Play'; return; }
      slider.value = Number(slider.value) + 1;
      render();
    }, 120);
  } }, 'Play');
  const render = () => {
    const snapshot = snapshots[Number(slider.value)];
    const g = canvas.getContext('2d');
    const c = size / 2;
    const scale = (size / 2 - 14) / Math.max(...snapshot.radius, 1e-300);
    g.clearRect(0, 0, size, size);
    g.strokeStyle = '#e3e6ee';
    g.beginPath(); g.arc(c, c, size / 2 - 14, 0, 2 * Math.PI); g.moveTo(14, c); g.lineTo(size - 14, c); g.moveTo(c, 14); g.lineTo(c, size - 14); g.stroke();
    for (let j = 0; j < snapshot.angle.length; j++) {
      const r = snapshot.radius[j] * scale;
      g.fillStyle = snapshot.sign[j] > 0 ? 'rgba(47,111,222,.7)' : 'rgba(208,69,58,.7)';
      g.beginPath(); g.arc(c + r * Math.cos(snapshot.angle[j]), c - r * Math.sin(snapshot.angle[j]), 2.5, 0, 2 * Math.PI); g.fill();
    }
    caption.textContent = `step ${snapshot.step} · ${snapshot.angle.length} neurons · largest radius ${num(Math.max(...snapshot.radius))}`
      + ' · blue a_j > 0, red a_j < 0; angle arctan(b/w) + π·1{w < 0}';
  };
  slider.oninput = render;
  container.append(el('h2', {}, 'Neurons (polar: direction of (w_j, b_j), radius ‖(w_j, b_j)‖)'),
    el('div', { class: 'polar' }, canvas, el('div', {}, slider, ' ', play, caption)));
  render();
  lab.charts.polar = { snapshots };
  return {
    add(snapshot) {
      const atEnd = Number(slider.value) === snapshots.length - 1;
      snapshots.push(snapshot);
      slider.max = snapshots.length - 1;
      if (atEnd && !timer) { slider.value = snapshots.length - 1; render(); }
    },
  };
}

// -------------------------------------------------------------------------------------------------------- hull pages

/** The grid path a geometry point varies along: n, d or PCA-k when the sweep varies one, else its first grid path. */
function hullAxis(points) {
  const varying = new Map();
  for (const p of points) for (const g of p.gridPoint) {
    if (!varying.has(g.path)) varying.set(g.path, new Set());
    varying.get(g.path).add(g.value);
  }
  const preferred = ['data.samples', 'data.dim', 'data.pca', 'model.width'];
  return preferred.find(path => (varying.get(path) || new Set()).size > 1) || [...varying.keys()][0] || null;
}

async function sweepHullPage(page, sweepId) {
  const [sweep, analysis] = await Promise.all([api(`/api/sweeps/${sweepId}`), api(`/api/sweeps/${sweepId}/analysis`)]);
  page.append(el('h1', {}, `${sweep.name}: hull and robustness`), el('div', { class: 'sub' },
    el('a', { href: `#/sweeps/${sweepId}` }, 'back to the sweep'), 'Medians over the completed runs of each grid point.'));
  const points = analysis.geometry || [];
  if (points.length === 0) {
    page.append(el('div', { class: 'empty' }, 'No hull measurements: the sweep needs "analyses": ["hull"] or ["robustness"], and completed runs.'));
    return null;
  }
  const axis = hullAxis(points);
  const others = p => gridLabel(p.gridPoint.filter(g => g.path !== axis));
  const byGroup = new Map();
  for (const p of points) {
    if (!byGroup.has(others(p))) byGroup.set(others(p), []);
    byGroup.get(others(p)).push(p);
  }
  const grid = el('div', { class: 'grid' });
  page.append(grid);
  const xOf = p => Number((p.gridPoint.find(g => g.path === axis) || {}).value);
  const axisLabel = axis || 'grid point';
  const inside = new Chart('hullInside', grid, { title: `Test points inside the training hull against ${axisLabel}`, xLabel: axisLabel,
    yLabel: 'fraction inside', logX: true, fraction: true, note: 'Solid: input space; dashed: hidden-feature space of the trained network.' });
  const distance = new Chart('hullDistance', grid, { title: `Median certified distance to the hull against ${axisLabel}`, xLabel: axisLabel,
    yLabel: 'distance / nearest-neighbour scale', logX: true, logY: true, note: 'Solid: input space; dashed: hidden-feature space.' });
  const origin = new Chart('hullOrigin', grid, { title: `Runs whose training hull holds the origin, beside Wendel`, xLabel: axisLabel,
    yLabel: 'fraction', logX: true, fraction: true, note: 'Points: measured; line: Wendel, P(0 ∈ conv) = 1 − 2^{1−n} Σ_{k<d} C(n−1, k) (science.md §2.1).' });
  const lipschitz = new Chart('lipschitz', grid, { title: 'Lipschitz lower bound max‖∇ₓh‖ beside √(nd/p)', xLabel: axisLabel,
    yLabel: 'Lipschitz', logX: true, logY: true, note: 'Solid: measured; dashed: Bubeck–Sellke √(nd/p) (science.md §1(d)).' });
  const deciles = new Chart('hullDeciles', grid, { title: 'Distribution of the test points\' distance to the training hull',
    xLabel: 'percentile of the test points', yLabel: 'distance / nearest-neighbour scale',
    note: 'Deciles 10% … 90% per grid point (inside points at 0), each the median over the runs; input space.' });
  const series = { inside: [], distance: [], origin: [], lipschitz: [], deciles: [] };
  const legend = [];
  [...byGroup.entries()].forEach(([label, group], g) => {
    const color = PALETTE[g % PALETTE.length];
    group.sort((a, b) => xOf(a) - xOf(b));
    const x = group.map(xOf);
    const col = name => group.map(p => p[name] ?? null);
    legend.push([label, color]);
    series.inside.push({ label, color, x, y: col('inputFractionInside'), points: true, width: 2 },
      { label: label + ' hidden', color, x, y: col('hiddenFractionInside'), points: true, dash: [5, 4] });
    series.distance.push({ label, color, x, y: col('inputMedianDistance'), points: true, width: 2 },
      { label: label + ' hidden', color, x, y: col('hiddenMedianDistance'), points: true, dash: [5, 4] });
    series.origin.push({ label, color, x, y: col('originInsideFraction'), points: true, line: false },
      { label: label + ' Wendel', color, x, y: col('wendel'), width: 2 });
    group.filter(p => (p.inputDistanceDeciles || []).length).forEach((p, i) => {
      series.deciles.push({ label: `${label} ${axisLabel}=${xOf(p)}`, color, x: p.inputDistanceDeciles.map((_, k) => 10 * (k + 1)),
        y: p.inputDistanceDeciles, points: true, width: 1 + i % 3, dash: i % 2 ? [5, 3] : undefined });
    });
    series.lipschitz.push({ label, color, x, y: col('lipschitzLower'), points: true, width: 2 },
      { label: label + ' √(nd/p)', color, x, y: col('lipschitzScale'), dash: [5, 4] });
  });
  inside.set(series.inside, legend);
  distance.set(series.distance, legend);
  origin.set(series.origin, legend);
  lipschitz.set(series.lipschitz, legend);
  deciles.set(series.deciles, series.deciles.map(s => [s.label, s.color, s.dash]));
  return null;
}

async function userHullPage(page) {
  page.append(el('h1', {}, 'Hull of your points'), el('div', { class: 'sub' },
    'Is each test point inside the convex hull of the training points (interpolation) or outside (extrapolation)? '
    + 'CSV files, one point per row, no header; computed by POST /api/hull.'));
  const train = el('input', { type: 'file', name: 'train', accept: '.csv,text/csv' });
  const test = el('input', { type: 'file', name: 'test', accept: '.csv,text/csv' });
  const result = el('div');
  const form = el('form', { class: 'hull', onsubmit: async event => {
    event.preventDefault();
    result.replaceChildren(el('div', { class: 'empty' }, 'computing…'));
    try {
      const body = new FormData();
      body.append('train', train.files[0]);
      body.append('test', test.files[0]);
      showUserHull(result, await api('/api/hull', { method: 'POST', body }));
    } catch (e) {
      result.replaceChildren(el('div', { class: 'error' }, e.message));
    }
  } }, el('label', {}, 'training points', train), el('label', {}, 'test points', test), el('button', { type: 'submit' }, 'Compute'));
  page.append(form, result);
  return null;
}

function showUserHull(container, answer) {
  container.replaceChildren(el('div', { class: 'sub' }, `${answer.testPoints} test points against ${answer.trainPoints} training points in `
    + `${answer.dim} dimensions: ${num(100 * answer.fractionInside, 3)}% inside; median distance ${num(answer.medianNormalisedDistance)} `
    + 'nearest-neighbour units.'));
  const grid = el('div', { class: 'grid' });
  container.append(grid);
  const distances = answer.normalisedDistance.filter(d => d > 0);
  const histogram = new Chart('userDistances', grid, { title: 'Distribution of distances to the hull (outside points)',
    xLabel: 'distance / median nearest-neighbour distance', yLabel: 'points', note: 'Inside points have distance 0 and are left out.' });
  const bins = 30;
  const max = Math.max(...distances, 1e-12);
  const counts = new Array(bins).fill(0);
  distances.forEach(d => { counts[Math.min(bins - 1, Math.floor(bins * d / max))]++; });
  const centres = counts.map((_, i) => (i + 0.5) * max / bins);
  histogram.set([{ label: 'points', color: PALETTE[0], x: centres, y: counts, points: true, width: 2 }]);
  if (answer.pcaCurve && answer.pcaCurve.length) {
    const pca = new Chart('userPca', grid, { title: 'Fraction inside after projecting on the top-k principal components',
      xLabel: 'k', yLabel: 'fraction inside', logX: true });
    pca.set([{ label: 'fraction inside', color: PALETTE[1], x: answer.pcaCurve.map(p => p.k), y: answer.pcaCurve.map(p => p.fractionInside),
      points: true, width: 2 }]);
  }
}

// ----------------------------------------------------------------------------------------------------------- router

let leave = null;

function showError(error) {
  document.getElementById('page').append(el('div', { class: 'error' }, String(error.message || error)));
}

async function route() {
  if (leave) leave();
  leave = null;
  closeStream();
  lab.ready = false;
  lab.charts = {};
  lab.live = { epochs: 0, runEvents: 0, analyses: 0, resets: 0 };
  const page = document.getElementById('page');
  page.replaceChildren();
  const path = (location.hash.replace(/^#/, '') || '/').split('/').filter(Boolean).map(decodeURIComponent);
  lab.page = path.join('/') || 'sweeps';
  try {
    if (path.length === 0) leave = await sweepsPage(page);
    else if (path[0] === 'hull') leave = await userHullPage(page);
    else if (path[0] === 'sweeps' && path.length === 2) leave = await sweepPage(page, path[1]);
    else if (path[0] === 'sweeps' && path[2] === 'hull') leave = await sweepHullPage(page, path[1]);
    else if (path[0] === 'sweeps' && path[2] === 'runs' && path[3]) leave = await runPage(page, path[1], path[3]);
    else page.append(el('div', { class: 'error' }, 'No such page: #' + path.join('/')));
    lab.ready = true;
  } catch (error) {
    showError(error);
    lab.error = String(error.message || error);
  }
}

window.addEventListener('hashchange', route);
window.addEventListener('resize', throttle(() => Object.values(lab.charts).forEach(c => c.redraw && c.redraw()), 300));
route();
