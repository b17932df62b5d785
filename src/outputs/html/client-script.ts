/**
 * Series colours, in order. The browser test looks for these colours in each chart's pixels to
 * tell that a series was drawn, so they are exported.
 */
export const SERIES_COLORS = [
  '#1f6fd1',
  '#e4572e',
  '#2a9d4b',
  '#8e44ad',
  '#d4a017',
  '#17a2b8',
] as const;

/**
 * The browser side of the HTML report: reads the chart specs from the inline JSON element and
 * draws each with uPlot. Text reaches the page only through `textContent` and uPlot's own
 * text nodes, never as HTML. Written as plain ES2017 so any current browser runs it.
 */
export const CLIENT_SCRIPT = `(function () {
  'use strict';
  var COLORS = ${JSON.stringify(SERIES_COLORS)};
  var specs = JSON.parse(document.getElementById('inferbench-charts').textContent);
  function markerPlugin(markers) {
    return {
      hooks: {
        draw: [function (u) {
          var ctx = u.ctx;
          markers.forEach(function (marker) {
            var x = u.valToPos(marker.value, 'x', true);
            ctx.save();
            ctx.strokeStyle = '#555555';
            ctx.setLineDash([4, 4]);
            ctx.lineWidth = 1.5;
            ctx.beginPath();
            ctx.moveTo(x, u.bbox.top);
            ctx.lineTo(x, u.bbox.top + u.bbox.height);
            ctx.stroke();
            ctx.restore();
          });
        }],
      },
    };
  }
  function draw(spec) {
    var host = hostOf(spec);
    if (!host) return;
    var box = document.createElement('figure');
    box.className = 'chart';
    box.setAttribute('data-chart-id', spec.id);
    var colors = spec.series.map(function (_, i) { return COLORS[i % COLORS.length]; });
    box.setAttribute('data-series-colors', colors.join(' '));
    host.appendChild(box);
    var width = Math.max(360, Math.min(760, host.clientWidth || 560));
    var axes = [
      { label: spec.xLabel, stroke: '#333333' },
      { label: spec.yLabel, scale: 'y', stroke: '#333333' },
    ];
    if (spec.y2Label) axes.push({ label: spec.y2Label, scale: 'y2', side: 1, stroke: '#333333', grid: { show: false } });
    var series = [{ label: spec.xLabel }].concat(spec.series.map(function (s, i) {
      return {
        label: s.label,
        scale: s.axis,
        stroke: colors[i],
        width: 2,
        dash: s.dashed ? [8, 6] : undefined,
        points: { show: !s.dashed, size: 7, fill: colors[i] },
        spanGaps: false,
      };
    }));
    var options = {
      title: spec.title,
      width: width,
      height: 300,
      scales: { x: { time: false }, y: { auto: true }, y2: { auto: true } },
      axes: axes,
      series: series,
      plugins: spec.markersX ? [markerPlugin(spec.markersX)] : [],
    };
    var data = [spec.x].concat(spec.series.map(function (s) { return s.values; }));
    new uPlot(options, data, box);
    box.setAttribute('data-drawn', 'true');
  }
  function hostOf(spec) {
    return document.querySelector('[data-chart-host="' + spec.section + (spec.benchmarkIndex === undefined ? '' : '-' + spec.benchmarkIndex) + '"]');
  }
  specs.forEach(function (spec) {
    try {
      if (typeof uPlot !== 'function') throw new Error('the chart library did not load');
      draw(spec);
    } catch (error) {
      // The tables carry every number; a chart that cannot be drawn says so in its place.
      console.error('inferbench: chart ' + spec.id + ' failed: ' + error);
      var host = hostOf(spec);
      if (!host) return;
      var note = document.createElement('p');
      note.className = 'chart-error';
      note.setAttribute('data-chart-error', spec.id);
      note.textContent = 'Chart "' + spec.title + '" could not be drawn: ' + error;
      host.appendChild(note);
    }
  });
})();
`;
