// Charts: <div data-chart="ID"> draws the ECharts option held in <script id="ID"
// type="application/json"> (Django's json_script), possibly inside a <template> (see
// optionBlock). No inline scripts or styles: the CSP allows neither, so tooltips are built
// here from markup styled by tandem.css, and colour keys are SVG `fill` attributes.
//
// The option may carry a `tandem` key, removed before ECharts sees it:
//   height        the chart's height in pixels
//   unit          appended to values in axis tooltips ("person-weeks", "%")
//   periodTitles  a tooltip header per category ("Week of 3 Feb 2027")
//   extraRows     per category, more [label, value] rows for the axis tooltip
//   axisUrls      category label -> URL, for clicks on axis labels
//   heat          a heatmap's tooltips and links, built here from numbers sent once per cell
//                 ({teams, periods, urls, unit, noCapacity, note, rows, values[team][period]})
// Data items may carry `tip` ({title, rows: [[label, value]], note}) and `url`.
// A click on an item or axis label with a URL loads it into the element named by the chart's
// data-chart-target (an HTMX get), or else opens it.
(function () {
  "use strict";

  var drawn = [];
  var COLOUR = /^(#[0-9a-fA-F]{3,8}|rgba?\([0-9., ]+\))$/;

  function escapeHtml(text) {
    return String(text == null ? "" : text)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }

  // A colour key as SVG: `fill` is a presentation attribute, not an inline style.
  function swatch(colour) {
    if (typeof colour !== "string" || !COLOUR.test(colour)) return "";
    return '<svg class="chart-tip-swatch" viewBox="0 0 10 10" aria-hidden="true">' +
      '<rect width="10" height="10" rx="2" fill="' + colour + '"></rect></svg>';
  }

  function row(label, value, colour) {
    return '<tr><th scope="row">' + swatch(colour) + escapeHtml(label) + "</th><td>" +
      escapeHtml(value) + "</td></tr>";
  }

  function formatNumber(value, unit) {
    var text = Number(value).toLocaleString("en-GB", { maximumFractionDigits: 1 });
    if (!unit) return text;
    return unit === "%" ? text + "%" : text + " " + unit;
  }

  // As charts.pct_text: 146.3 -> "146%", just over 100 keeps a decimal so red never reads 100%.
  function pctText(value, heat) {
    if (value === null || value === undefined || value >= heat.noCapacity) return "no capacity";
    if (value >= 99.5 && value < 100.5 && value !== 100) return value.toFixed(1) + "%";
    return Math.round(value) + "%";
  }

  // As charts.pw_text: one decimal, "< 0.1" for a sliver, "—" for nothing to show.
  function pwText(value) {
    if (value === null || value === undefined) return "—";
    if (value > 0 && value < 0.05) return "< 0.1";
    return Number(value).toLocaleString("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  }

  function heatTip(params, heat) {
    var x = params.value[0], y = params.value[1];
    var html = '<div class="chart-tip-title">' + swatch(params.color) +
      escapeHtml(heat.teams[y] + " · " + heat.periods[x] + " · " + pctText(params.value[2], heat)) +
      '</div><table class="chart-tip-rows">';
    heat.rows.forEach(function (label, i) {
      html += row(label, pwText(heat.values[y][x][i]) + " " + heat.unit);
    });
    html += "</table>";
    if (heat.note) html += '<div class="chart-tip-note">' + escapeHtml(heat.note) + "</div>";
    return html;
  }

  function itemTip(params) {
    var tip = params.data && params.data.tip;
    if (!tip) {
      return '<div class="chart-tip-title">' + escapeHtml(params.name) + "</div>";
    }
    var html = '<div class="chart-tip-title">' + swatch(params.color) + escapeHtml(tip.title) +
      "</div>";
    if (tip.rows && tip.rows.length) {
      html += '<table class="chart-tip-rows">';
      tip.rows.forEach(function (r) { html += row(r[0], r[1]); });
      html += "</table>";
    }
    if (tip.note) html += '<div class="chart-tip-note">' + escapeHtml(tip.note) + "</div>";
    return html;
  }

  function axisTip(list, extra) {
    if (!list.length) return "";
    var index = list[0].dataIndex;
    var title = (extra.periodTitles && extra.periodTitles[index]) || list[0].axisValueLabel;
    var html = '<div class="chart-tip-title">' + escapeHtml(title) + "</div>";
    html += '<table class="chart-tip-rows">';
    list.forEach(function (p) {
      var value = Array.isArray(p.value) ? p.value[p.value.length - 1] : p.value;
      if (value === null || value === undefined || value === "-") return;
      html += row(p.seriesName, formatNumber(value, extra.unit), p.color);
    });
    ((extra.extraRows && extra.extraRows[index]) || []).forEach(function (r) {
      html += '<tr class="chart-tip-extra"><th scope="row">' + escapeHtml(r[0]) + "</th><td>" +
        escapeHtml(r[1]) + "</td></tr>";
    });
    return html + "</table>";
  }

  // Long subtitles wrap inside the chart's width rather than run off its edge.
  function titleWidth(el) {
    return { title: { subtextStyle: { width: Math.max(el.clientWidth - 16, 120), overflow: "break" } } };
  }

  function prepare(option) {
    var extra = option.tandem || {};
    delete option.tandem;
    option.tooltip = option.tooltip || {};
    option.tooltip.renderMode = "html";
    option.tooltip.confine = true;
    option.tooltip.className = "chart-tip";
    option.tooltip.textStyle = { color: "#212529" };
    option.tooltip.formatter = function (params) {
      if (Array.isArray(params)) return axisTip(params, extra);
      return extra.heat ? heatTip(params, extra.heat) : itemTip(params);
    };
    return extra;
  }

  function follow(el, url) {
    var target = el.getAttribute("data-chart-target");
    var slot = target && document.querySelector(target);
    if (slot && window.htmx) {
      slot.innerHTML = '<div class="card"><div class="card-body loading-panel text-body-secondary" ' +
        'role="status"><span class="spinner-border spinner-border-sm" aria-hidden="true"></span>' +
        "Loading…</div></div>";
      slot.scrollIntoView({ behavior: "smooth", block: "nearest" });
      window.htmx.ajax("GET", url, { target: target, swap: "innerHTML" }).then(function () {
        slot.scrollIntoView({ behavior: "smooth", block: "start" });
      });
    } else {
      window.location.assign(url);
    }
  }

  // HTMX drops <script> elements from swapped content (allowScriptTags: false), so a region
  // that HTMX may swap wraps its json_script block in a <template>, whose content it keeps.
  function optionBlock(id) {
    var block = document.getElementById(id);
    if (block) return block;
    var templates = document.querySelectorAll("template");
    for (var i = 0; i < templates.length; i++) {
      block = templates[i].content.getElementById(id);
      if (block) return block;
    }
    return null;
  }

  function draw(el) {
    if (el.getAttribute("data-chart-drawn") === "true") return;
    var block = optionBlock(el.getAttribute("data-chart"));
    if (!block) return;
    var option = JSON.parse(block.textContent);
    var extra = prepare(option);
    if (extra.height) el.style.height = extra.height + "px"; // CSSOM, which the CSP allows
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption(option);
    if (option.title) chart.setOption(titleWidth(el));
    chart.on("click", function (params) {
      var url = params.data && params.data.url;
      if (!url && extra.heat && params.componentType === "series") {
        url = extra.heat.urls[params.value[1]];
      }
      if (!url && params.componentType && params.componentType.slice(-4) === "Axis") {
        url = (extra.axisUrls || {})[params.value];
      }
      if (url) follow(el, url);
    });
    el.setAttribute("data-chart-drawn", "true");
    drawn.push({ el: el, chart: chart });
  }

  function sweep() {
    drawn = drawn.filter(function (entry) {
      if (document.body.contains(entry.el)) return true;
      entry.chart.dispose();
      return false;
    });
  }

  function drawAll(root) {
    if (!window.echarts) return;
    sweep();
    var scope = root && root.querySelectorAll ? root : document;
    if (scope.matches && scope.matches("[data-chart]")) draw(scope);
    scope.querySelectorAll("[data-chart]").forEach(draw);
  }

  var pending = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(function () {
      drawn.forEach(function (entry) {
        entry.chart.setOption(titleWidth(entry.el));
        entry.chart.resize();
      });
    }, 150);
  });

  // <button data-clear-target="#slot"> empties the slot (closes a loaded panel).
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-clear-target]");
    if (!button) return;
    var slot = document.querySelector(button.getAttribute("data-clear-target"));
    if (slot) {
      slot.innerHTML = "";
      sweep();
    }
  });

  document.addEventListener("htmx:afterSettle", function (event) { drawAll(event.target); });
  document.addEventListener("htmx:historyRestore", function () { drawAll(document); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  } else {
    drawAll(document);
  }
})();
