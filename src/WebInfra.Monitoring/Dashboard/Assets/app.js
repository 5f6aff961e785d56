// WebInfra dashboard: renders the monitor's snapshots (GET /api/stream, server-sent events) without a page reload.
// No framework and no build step: the monitor serves this file as it is, and the page works with no internet.
"use strict";

(() => {
  const SVG = "http://www.w3.org/2000/svg";
  // A server's keepalived (kind "vrrp") is not drawn: the VIP's box in front of the balancers says who holds it.
  const TIERS = [
    { kind: "vip", label: "VIP" },
    { kind: "balancer", label: "BALANCER" },
    { kind: "web", label: "WEB" },
    { kind: "app", label: "APP" },
    { kind: "db", label: "DATABASE" },
    { kind: "monitor", label: "MONITOR" },
    { kind: "dns", label: "DNS" },
  ];
  const DRAWN = new Set(TIERS.map((t) => t.kind));
  const CHARTED = new Set(["balancer", "web", "app", "monitor"]);
  const HISTORY_MS = 5 * 60 * 1000;
  const BOX = { width: 208, height: 66 };
  const ROW = 94;

  const state = {
    history: [],
    topologyKey: null,
    nodes: new Map(),
    edges: new Map(),
    charts: new Map(),
    lastMessage: 0,
  };

  // ---------- formatting ----------

  const fmtRps = (v) => (v == null ? "–" : v < 10 ? v.toFixed(1) : Math.round(v).toLocaleString("en"));
  const fmtMs = (v) => (v == null ? "–" : v < 1 ? v.toFixed(2) : v < 10 ? v.toFixed(1) : Math.round(v).toLocaleString("en"));
  const fmtTime = (d) => d.toLocaleTimeString("en-GB", { hour12: false });

  function el(tag, attributes, parent, text) {
    const node = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      node.setAttribute(name, value);
    }
    if (text != null) {
      node.textContent = text;
    }
    if (parent) {
      parent.appendChild(node);
    }
    return node;
  }

  // ---------- stream ----------

  function connect() {
    const live = document.getElementById("live");
    const liveText = document.getElementById("live-text");
    const source = new EventSource("/api/stream");
    source.addEventListener("open", () => {
      live.dataset.live = "live";
      liveText.textContent = "live";
    });
    source.addEventListener("snapshot", (message) => {
      state.lastMessage = Date.now();
      apply(JSON.parse(message.data));
    });
    source.addEventListener("error", () => {
      live.dataset.live = "disconnected";
      liveText.textContent = "reconnecting…";
    });
    setInterval(() => {
      if (live.dataset.live === "live" && Date.now() - state.lastMessage > 3500) {
        live.dataset.live = "stale";
        liveText.textContent = "no update for " + Math.round((Date.now() - state.lastMessage) / 1000) + " s";
      } else if (live.dataset.live === "stale" && Date.now() - state.lastMessage < 3500) {
        live.dataset.live = "live";
      }
    }, 1000);
  }

  function apply(snapshot) {
    const at = new Date(snapshot.at);
    if (snapshot.history) {
      state.history = snapshot.history.map(toPoint);
    } else {
      state.history.push(toPoint({ at: snapshot.at, figures: snapshot.components.filter((c) => c.rps != null) }));
    }
    while (state.history.length && state.history[0].at < at - HISTORY_MS) {
      state.history.shift();
    }

    document.getElementById("site").textContent = snapshot.site;
    document.getElementById("live-text").textContent = "live · " + fmtTime(at);
    renderSummary(snapshot);
    renderTopology(snapshot);
    renderDatabase(snapshot.database);
    renderEvents(snapshot.events, !snapshot.history);
    renderCharts(snapshot, at);
  }

  function toPoint(point) {
    return {
      at: new Date(point.at).getTime(),
      figures: new Map(point.figures.map((f) => [f.name, f])),
    };
  }

  // ---------- summary ----------

  function renderSummary(snapshot) {
    const list = document.getElementById("summary");
    list.replaceChildren();
    const chip = (html, bad) => {
      const item = el("li", bad ? { class: "bad" } : {}, list);
      for (const [index, part] of html.entries()) {
        if (index % 2 === 1) {
          el("b", {}, item, part);
        } else {
          item.appendChild(document.createTextNode(part));
        }
      }
    };

    const all = snapshot.components.filter((c) => c.kind !== "vip");
    const up = all.filter((c) => c.state === "up").length;
    const down = all.filter((c) => c.state === "down").length;
    chip(["", up + "/" + all.length, " components up"], down > 0);
    if (down > 0) {
      chip(["", String(down), " down"], true);
    }
    const entry = all.find((c) => c.kind === "balancer") || all.find((c) => c.kind === "web");
    if (entry) {
      chip(["", fmtRps(entry.rps) + " req/s", " at " + entry.name]);
      chip(["p99 ", fmtMs(entry.p99_ms) + " ms", ""]);
    }
    if (snapshot.database) {
      const db = snapshot.database;
      chip(db.primary ? ["primary ", db.primary, ""] : ["", "no primary", ""], !db.primary);
      chip(["failovers ", String(db.failovers), ""]);
      chip(db.leader ? ["monitor ", db.leader, " leads"] : ["", "no monitor leads", ""], !db.leader);
    }
  }

  // ---------- topology ----------

  function renderTopology(snapshot) {
    const key = snapshot.components.map((c) => c.name).join("|") + "#" + snapshot.edges.map((e) => e.from + ">" + e.to).join("|");
    if (key !== state.topologyKey) {
      buildTopology(snapshot);
      state.topologyKey = key;
    }

    for (const component of snapshot.components) {
      const node = state.nodes.get(component.name);
      if (!node) {
        continue;
      }
      node.group.dataset.state = component.state;
      node.badge.textContent = component.state.toUpperCase();
      node.title.textContent = component.name + " (" + component.address + "): " + component.state + (component.detail ? " – " + component.detail : "");
      node.figures.textContent = figuresLine(component);
    }

    for (const edge of snapshot.edges) {
      const view = state.edges.get(edge.from + ">" + edge.to);
      if (!view) {
        continue;
      }
      const active = edge.rps != null && edge.rps >= 0.05;
      view.group.dataset.state = edge.state || "";
      view.group.classList.toggle("active", active && edge.kind !== "check");
      view.group.classList.toggle("idle", !active);
      const down = edge.state === "DOWN" || edge.state === "down" || edge.state === "FAULT" || edge.state === "INIT";
      const marker = edge.kind === "check" ? "arrow-check" : down ? "arrow-down" : active ? "arrow" : "arrow-idle";
      view.path.setAttribute("marker-end", "url(#" + marker + ")");
      view.path.setAttribute("stroke-width", String(active ? Math.min(4.5, 1.5 + Math.log10(1 + edge.rps)) : 1.5));
      if (view.label) {
        view.labelGroup.setAttribute("class", view.group.getAttribute("class"));
        view.label.textContent = edge.kind === "vip" && !active ? edge.state.toLowerCase()
          : down ? "down" : edge.state === "DRAIN" ? "drain" : edge.rps == null ? "–" : fmtRps(edge.rps) + "/s";
        const width = view.label.textContent.length * 7.4 + 14;
        view.labelBg.setAttribute("x", String(view.lx - width / 2));
        view.labelBg.setAttribute("width", String(width));
      }
    }
  }

  function figuresLine(component) {
    if (component.state === "down") {
      return component.detail || "down";
    }
    if (component.kind === "db" || component.kind === "vip" || component.kind === "dns") {
      return component.detail || "";
    }
    if (component.rps == null) {
      return component.detail || "waiting for a second reading…";
    }
    const line = fmtRps(component.rps) + " req/s · p99 " + fmtMs(component.p99_ms) + " ms";
    return component.state === "up" || !component.detail ? line : component.detail;
  }

  function buildTopology(snapshot) {
    const svg = document.getElementById("topology");
    svg.replaceChildren();
    state.nodes.clear();
    state.edges.clear();

    const tiers = TIERS.map((tier) => ({ ...tier, components: snapshot.components.filter((c) => c.kind === tier.kind) }))
      .filter((tier) => tier.components.length > 0);
    const width = 1600;
    const margin = 8 + BOX.width / 2;
    const rows = Math.max(...tiers.map((t) => t.components.length));
    const height = 34 + (rows - 1) * ROW + BOX.height + 12;
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);

    const defs = el("svg:defs", {}, svg);
    for (const id of ["arrow", "arrow-idle", "arrow-down", "arrow-check"]) {
      const marker = el("svg:marker", { id, viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse" }, defs);
      el("svg:path", { d: "M 0 0 L 10 5 L 0 10 z" }, marker);
    }

    const positions = new Map();
    tiers.forEach((tier, column) => {
      const x = tiers.length === 1 ? width / 2 : margin + (column * (width - 2 * margin)) / (tiers.length - 1);
      el("svg:text", { class: "tier-label", x: String(x), y: "18" }, svg, tier.label);
      const top = 34 + ((rows - tier.components.length) * ROW) / 2;
      tier.components.forEach((component, row) => {
        positions.set(component.name, { x, y: top + row * ROW + BOX.height / 2 });
      });
    });

    const edgeLayer = el("svg:g", { class: "edges" }, svg);
    const labelLayer = el("svg:g", { class: "edge-labels" }, svg);
    for (const edge of snapshot.edges) {
      const from = positions.get(edge.from);
      const to = positions.get(edge.to);
      if (!from || !to) {
        continue;
      }
      const forward = to.x > from.x;
      const x0 = from.x + (forward ? BOX.width / 2 : -BOX.width / 2);
      const x1 = to.x + (forward ? -BOX.width / 2 - 2 : BOX.width / 2 + 2);
      const mid = (x0 + x1) / 2;
      const group = el("svg:g", { class: "edge " + edge.kind, "data-from": edge.from, "data-to": edge.to }, edgeLayer);
      const path = el("svg:path", { d: `M ${x0} ${from.y} C ${mid} ${from.y}, ${mid} ${to.y}, ${x1} ${to.y}` }, group);
      const view = { group, path };
      if (edge.kind !== "check") {
        // Labels sit a third of the way along, so the labels of crossing arrows do not cover each other.
        const t = 0.35;
        const bezier = (a, b, c, d) => (1 - t) ** 3 * a + 3 * (1 - t) ** 2 * t * b + 3 * (1 - t) * t ** 2 * c + t ** 3 * d;
        const lx = bezier(x0, mid, mid, x1);
        const ly = bezier(from.y, from.y, to.y, to.y);
        const labelGroup = el("svg:g", { class: "edge " + edge.kind }, labelLayer);
        view.labelBg = el("svg:rect", { class: "label-bg", x: String(lx - 24), y: String(ly - 10), width: "48", height: "20", rx: "10" }, labelGroup);
        view.label = el("svg:text", { class: "label", x: String(lx), y: String(ly + 4) }, labelGroup, "–");
        view.lx = lx;
        view.labelGroup = labelGroup;
      }
      state.edges.set(edge.from + ">" + edge.to, view);
    }

    const nodeLayer = el("svg:g", { class: "nodes" }, svg);
    for (const component of snapshot.components.filter((c) => DRAWN.has(c.kind))) {
      const { x, y } = positions.get(component.name);
      const group = el("svg:g", {
        class: "node",
        "data-component": component.name,
        "data-kind": component.kind,
        "data-state": component.state,
        transform: `translate(${x - BOX.width / 2} ${y - BOX.height / 2})`,
      }, nodeLayer);
      const title = el("svg:title", {}, group, component.name);
      el("svg:rect", { class: "box", width: String(BOX.width), height: String(BOX.height), rx: "8" }, group);
      el("svg:rect", { class: "stripe", width: "5", height: String(BOX.height - 16), x: "0", y: "8", rx: "2" }, group);
      el("svg:text", { class: "name", x: "16", y: "22" }, group, component.name);
      const badge = el("svg:text", { class: "badge", x: String(BOX.width - 12), y: "21" }, group, component.state.toUpperCase());
      el("svg:text", { class: "address", x: "16", y: "39" }, group, component.address);
      const figures = el("svg:text", { class: "figures", x: "16", y: "56" }, group, "");
      state.nodes.set(component.name, { group, badge, figures, title });
    }
  }

  // ---------- database ----------

  function renderDatabase(database) {
    const table = document.getElementById("database");
    const empty = document.getElementById("database-empty");
    const note = document.getElementById("database-note");
    table.hidden = !database;
    empty.hidden = !!database;
    if (!database) {
      note.textContent = "";
      return;
    }

    note.replaceChildren();
    const part = (label, value) => {
      note.appendChild(document.createTextNode(label));
      el("b", {}, note, value);
    };
    part("primary ", database.primary || "none");
    part(" · replication ", database.replication);
    part(" · failovers ", String(database.failovers));
    part(" · leading monitor ", database.leader || ("none" + (database.leadership_problem ? " (" + database.leadership_problem + ")" : "")));
    if (database.last_failover_seconds != null) {
      part(" · last took ", database.last_failover_seconds.toFixed(2) + " s");
    }

    const body = table.tBodies[0];
    body.replaceChildren();
    for (const node of database.nodes) {
      const row = el("tr", { "data-node": node.name, "data-role": node.role }, body);
      const name = el("td", {}, row);
      el("div", {}, name, node.name);
      el("span", { class: "reason mono" }, name, node.address);
      const role = el("td", {}, row);
      el("span", { class: "role " + node.role }, role, node.role);
      if (node.reason && node.role !== "primary") {
        el("span", { class: "reason" }, role, node.reason);
      }
      el("td", { class: "mono " + (node.read_only == null ? "" : node.read_only === (node.role !== "primary") ? "ok" : "bad") }, row,
        node.read_only == null ? "–" : node.read_only ? "ON" : "OFF");
      if (node.cut_off) {
        el("td", { class: "mono warn", title: "cut off from its primary: receives nothing newer" }, row,
          node.data_age_seconds == null ? "cut off" : "cut off, " + Math.round(node.data_age_seconds) + " s old");
      } else {
        el("td", { class: "mono " + (node.lag_seconds == null ? "" : node.lag_seconds > 5 ? "warn" : "ok") }, row,
          node.lag_seconds == null ? "–" : node.lag_seconds + " s");
      }
      el("td", { class: node.replicating == null ? "" : node.replicating ? "ok" : "bad" }, row,
        node.replicating == null ? (node.role === "primary" ? "source" : "–") : node.replicating ? "running" : "stopped");
      const gtid = el("td", { class: "mono gtid" }, row, node.gtid || "–");
      if (node.errant_gtids && node.errant_gtids.length > 0) {
        el("span", { class: "errant bad", title: "transactions this node holds that the primary does not: ./webinfra db repair " + node.name }, gtid,
          "errant: " + node.errant_gtids.join(","));
      }
    }
  }

  // ---------- events ----------

  function renderEvents(events, fresh) {
    const list = document.getElementById("events");
    if (!fresh) {
      list.replaceChildren();
    }
    for (const event of events) {
      const item = el("li", { class: event.severity + (fresh ? " fresh" : ""), "data-kind": event.kind, "data-subject": event.subject });
      el("time", { datetime: event.at }, item, fmtTime(new Date(event.at)));
      el("span", { class: "sev" }, item);
      el("span", { class: "message" }, item, event.message);
      list.insertBefore(item, list.firstChild);
    }
    while (list.children.length > 200) {
      list.removeChild(list.lastChild);
    }
    const note = document.getElementById("events-note");
    note.textContent = list.children.length + (list.children.length === 1 ? " event" : " events");
  }

  // ---------- charts ----------

  function renderCharts(snapshot, at) {
    const container = document.getElementById("charts");
    for (const component of snapshot.components.filter((c) => CHARTED.has(c.kind))) {
      let chart = state.charts.get(component.name);
      if (!chart) {
        chart = buildChart(container, component);
        state.charts.set(component.name, chart);
      }
      chart.card.dataset.state = component.state;
      chart.rps.textContent = fmtRps(component.rps);
      chart.p50.textContent = fmtMs(component.p50_ms);
      chart.p99.textContent = fmtMs(component.p99_ms);
      const errors = component.errors_per_second;
      chart.errors.textContent = errors == null ? "–" : fmtRps(errors);
      chart.errorsStat.classList.toggle("bad", errors != null && errors > 0);

      const series = (field) => state.history.map((p) => [p.at, p.figures.get(component.name)?.[field] ?? null]);
      const end = at.getTime();
      drawChart(chart.rpsCanvas, end, [{ points: series("rps"), color: "#58a6ff", fill: "rgba(88,166,255,0.14)" }], "req/s", linearScale);
      // Latency on a log scale: one slow request at start-up must not flatten five minutes of sub-millisecond answers.
      drawChart(chart.latencyCanvas, end, [
        { points: series("p99_ms"), color: "#bc8cff" },
        { points: series("p50_ms"), color: "#3fb9a0" },
      ], "ms, log", logScale);
    }
  }

  function buildChart(container, component) {
    const card = el("div", { class: "chart-card", "data-chart": component.name }, container);
    const head = el("div", { class: "chart-head" }, card);
    el("span", { class: "state" }, head);
    el("span", { class: "title" }, head, component.name);
    el("span", { class: "address" }, head, component.address);
    const stats = el("div", { class: "stats" }, card);
    const stat = (kind, unit) => {
      const box = el("div", { class: "stat " + kind }, stats);
      const value = el("span", { class: "value" }, box, "–");
      el("span", { class: "unit" }, box, unit);
      return { box, value };
    };
    const rps = stat("rps", "req/s");
    const p50 = stat("p50", "p50 ms");
    const p99 = stat("p99", "p99 ms");
    const errors = stat("errors", "5xx/s");
    const rpsCanvas = el("canvas", { "aria-label": component.name + " requests per second" }, card);
    const latencyCanvas = el("canvas", { "aria-label": component.name + " latency" }, card);
    return { card, rps: rps.value, p50: p50.value, p99: p99.value, errors: errors.value, errorsStat: errors.box, rpsCanvas, latencyCanvas };
  }

  function niceMax(value) {
    if (!(value > 0)) {
      return 1;
    }
    const power = 10 ** Math.floor(Math.log10(value));
    for (const step of [1, 2, 2.5, 5, 10]) {
      if (value <= step * power) {
        return step * power;
      }
    }
    return 10 * power;
  }

  function linearScale(values) {
    const max = niceMax(Math.max(0, ...values));
    return { ticks: [0, max / 2, max], position: (v) => v / max };
  }

  function logScale(values) {
    const positive = values.filter((v) => v > 0);
    const low = Math.log10(positive.length ? Math.max(0.01, Math.min(...positive)) : 0.1);
    const high = Math.log10(positive.length ? Math.max(...positive) : 10);
    const from = Math.floor(low);
    const to = Math.max(from + 1, Math.ceil(high));
    const ticks = [];
    for (let decade = from; decade <= to; decade++) {
      ticks.push(10 ** decade);
    }
    return { ticks, position: (v) => (Math.log10(Math.max(v, 10 ** from)) - from) / (to - from) };
  }

  function drawChart(canvas, end, series, unit, scaleOf) {
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    const g = canvas.getContext("2d");
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);

    const left = 40;
    const right = width - 4;
    const top = 6;
    const bottom = height - 14;
    const start = end - HISTORY_MS;
    const values = series.flatMap((s) => s.points.map((p) => p[1])).filter((v) => v != null);
    const scale = scaleOf(values);
    const xOf = (t) => left + ((t - start) / HISTORY_MS) * (right - left);
    const yOf = (v) => bottom - scale.position(v) * (bottom - top);

    g.font = "10.5px system-ui, sans-serif";
    g.textBaseline = "middle";
    g.lineWidth = 1;
    for (const [index, tick] of scale.ticks.entries()) {
      const y = Math.round(yOf(tick)) + 0.5;
      g.strokeStyle = index === 0 ? "#2c3a4b" : "#1f2a37";
      g.beginPath();
      g.moveTo(left, y);
      g.lineTo(right, y);
      g.stroke();
      if (scale.ticks.length <= 4 || index % 2 === 0) {
        g.fillStyle = "#6b7888";
        g.textAlign = "right";
        g.fillText(fmtAxis(tick), left - 6, y);
      }
    }
    g.textAlign = "left";
    g.textBaseline = "alphabetic";
    g.fillText("−5 min", left, height - 2);
    g.textAlign = "right";
    g.fillText(unit, right, height - 2);

    for (const s of series) {
      const segments = [];
      let current = [];
      for (const [t, v] of s.points) {
        if (v == null) {
          if (current.length) {
            segments.push(current);
          }
          current = [];
        } else {
          current.push([xOf(t), yOf(v)]);
        }
      }
      if (current.length) {
        segments.push(current);
      }
      for (const segment of segments) {
        if (s.fill && segment.length > 1) {
          g.beginPath();
          g.moveTo(segment[0][0], bottom);
          for (const [x, y] of segment) {
            g.lineTo(x, y);
          }
          g.lineTo(segment[segment.length - 1][0], bottom);
          g.closePath();
          g.fillStyle = s.fill;
          g.fill();
        }
        g.beginPath();
        segment.forEach(([x, y], index) => (index === 0 ? g.moveTo(x, y) : g.lineTo(x, y)));
        g.strokeStyle = s.color;
        g.lineWidth = 1.6;
        g.lineJoin = "round";
        g.stroke();
      }
    }
  }

  function fmtAxis(value) {
    if (value === 0) {
      return "0";
    }
    if (value >= 1000) {
      return (value / 1000).toLocaleString("en", { maximumFractionDigits: 1 }) + "k";
    }
    return value.toLocaleString("en", { maximumFractionDigits: value < 1 ? 3 : 1 });
  }

  connect();
})();
