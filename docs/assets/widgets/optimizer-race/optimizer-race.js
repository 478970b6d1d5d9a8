// gdnotes widget "optimizer-race" (lesson 9): gradient descent, momentum,
// Nesterov, AdaGrad, RMSProp and Adam race on one surface at a time (the
// ravine or the Rosenbrock valley), each with its own learning rate. One
// contour map carries every path; below it, each loss against the step on a
// log scale. Play, pause, step, reset; a typed learning rate and a show/hide
// box per optimizer; the start moves by click, tap, arrow keys or typing.
//
// The runs come from optimizers.js (the update rules of gdnotes.optimizers
// with the step loop and divergence rule of gdnotes.descent.run); the clock
// and the drawing of a racer from race.js, shared with lesson 7's race. A racer is
// done at the first step from which its loss stays below the tolerance to the
// end of its budget, as gdnotes.figures.comparison.steps_to_tolerance counts.
(function () {
  "use strict";

  const RACE_SECONDS = 8; // a long race is played faster, so that it lasts about this long
  const LEFT = 46;
  const RIGHT = 12;
  const COLORS = ["--gd-w-series-1", "--gd-w-series-2", "--gd-w-series-3", "--gd-w-series-4", "--gd-w-series-5", "--gd-w-series-6"];

  // A marker shape centred on (x, y): the legend's second code, so that racers differ without colour.
  function shape(ctx, kind, x, y, r) {
    ctx.beginPath();
    if (kind === "square") ctx.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
    else if (kind === "triangle") {
      ctx.moveTo(x, y - r * 1.15);
      ctx.lineTo(x + r * 1.05, y + r * 0.75);
      ctx.lineTo(x - r * 1.05, y + r * 0.75);
      ctx.closePath();
    } else if (kind === "diamond") {
      ctx.moveTo(x, y - r * 1.2);
      ctx.lineTo(x + r * 1.05, y);
      ctx.lineTo(x, y + r * 1.2);
      ctx.lineTo(x - r * 1.05, y);
      ctx.closePath();
    } else if (kind === "cross") {
      const a = r * 0.42;
      const b = r * 1.1;
      [[-a, -b], [a, -b], [a, -a], [b, -a], [b, a], [a, a], [a, b], [-a, b], [-a, a], [-b, a], [-b, -a], [-a, -a]].forEach(function (p, i) {
        if (i) ctx.lineTo(x + p[0], y + p[1]);
        else ctx.moveTo(x + p[0], y + p[1]);
      });
      ctx.closePath();
    } else if (kind === "star") {
      for (let i = 0; i < 10; i++) {
        const radius = i % 2 ? r * 0.55 : r * 1.3;
        const angle = -Math.PI / 2 + (i * Math.PI) / 5;
        if (i) ctx.lineTo(x + radius * Math.cos(angle), y + radius * Math.sin(angle));
        else ctx.moveTo(x + radius * Math.cos(angle), y + radius * Math.sin(angle));
      }
      ctx.closePath();
    } else ctx.arc(x, y, r, 0, 2 * Math.PI);
  }

  function setup(root, ui, tools, optimizers, kit, maps) {
    const config = tools.config;
    const widgets = window.gdnotes.widgets;
    const f = tools.format;
    const tolerance = config.tolerance;
    const limit = config.divergenceLimit;
    const races = config.races.map(function (spec) {
      const surface = widgets.compileSurface(spec.surface);
      const box = spec.box;
      return {
        spec: spec,
        surface: surface,
        box: box,
        labels: spec.surface.labels,
        minimum: spec.surface.minima[0] || null,
        start: spec.start.slice(),
        rates: spec.racers.map(function (r) {
          return r.hyperparameters.learning_rate;
        }),
        shown: spec.racers.map(function () {
          return true;
        }),
        keyStep: box.map(function (b) {
          return tools.nice((b[1] - b[0]) / 40);
        }),
        grid: null,
      };
    });
    let which = 0;
    let race = null;

    // --- the page
    const top = tools.el("div", { class: "gd-controls gd-orace-top" });
    const selectId = tools.id + "-surface";
    const select = tools.el("select", { id: selectId, class: "gd-orace-select" });
    races.forEach(function (r, i) {
      select.appendChild(tools.el("option", { value: String(i), text: r.spec.surface.title }));
    });
    top.appendChild(tools.el("div", { class: "gd-control" }, [tools.el("label", { for: selectId, text: "Surface" }), select]));
    const formula = tools.el("span", { class: "gd-readout gd-orace-formula" });
    top.appendChild(formula);
    ui.appendChild(top);

    const layer = maps.canvas(
      tools,
      ui,
      "race map",
      "A contour map with one path per optimizer, and below it each optimizer's loss against the step on a log scale. " +
        "Click or tap the map, or use the arrow keys (Shift for bigger moves), to move the start; Home puts it back; " +
        "Enter or Space plays or pauses the race. The race is described below."
    );

    const clock = kit.clock(ui, tools, {
      current: () => race,
      redraw,
      waiting,
      snapshot,
      verdict,
      started: function () {
        return "Race on: " + race.shown.length + " optimizers leave " + tools.point(races[which].start) + ".";
      },
      events: events,
      blocked: function () {
        return race.shown.length ? null : "Every optimizer is hidden: tick at least one box to race.";
      },
    });
    const say = clock.say;

    // the racers: show/hide, marker and name (the legend), typed learning rate, progress
    const table = tools.el("table", { class: "gd-orace-table" });
    const head = tools.el("tr", {}, [
      tools.el("th", { scope: "col", text: "optimizer (show)" }),
      tools.el("th", { scope: "col", text: "α" }),
      tools.el("th", { scope: "col", text: "race (✓: loss < " + f(tolerance) + " for good)" }),
    ]);
    table.appendChild(tools.el("thead", {}, [head]));
    const body = tools.el("tbody");
    table.appendChild(body);
    ui.appendChild(tools.el("div", { class: "gd-orace-box" }, [table]));
    const rateMessage = tools.el("p", { class: "gd-message", id: tools.id + "-rate-message", "aria-live": "polite" });
    ui.appendChild(rateMessage);
    const rows = [];

    function buildRows() {
      body.textContent = "";
      rows.length = 0;
      const r = races[which];
      r.spec.racers.forEach(function (racer, j) {
        const showId = tools.id + "-show" + j;
        const rateId = tools.id + "-rate" + j;
        const check = tools.el("input", { type: "checkbox", id: showId, checked: r.shown[j] });
        const key = tools.el("canvas", { class: "gd-orace-key", width: 36, height: 36, "aria-hidden": "true" });
        const box = tools.typedBox(rateId, String(r.rates[j]), rateMessage.id);
        const progress = tools.el("td", { class: "gd-orace-progress" });
        const tr = tools.el("tr", {}, [
          tools.el("td", {}, [tools.el("span", { class: "gd-orace-name gd-check" }, [check, key, tools.el("label", { for: showId, text: racer.name })])]),
          tools.el("td", {}, [tools.el("label", { for: rateId, class: "gd-orace-hidden", text: "Learning rate α of " + racer.name }), box]),
          progress,
        ]);
        body.appendChild(tr);
        rows.push({ check: check, key: key, box: box, progress: progress, name: racer.name });
        check.addEventListener("change", function () {
          r.shown[j] = check.checked;
          changed("show", j);
        });
        box.addEventListener("input", function () {
          const parsed = tools.parseRate(box.value, config.maxTypedRate);
          if ("value" in parsed) {
            box.removeAttribute("aria-invalid");
            if (rateMessage.getAttribute("data-j") === String(j)) rateMessage.textContent = "";
            r.rates[j] = parsed.value;
            changed("rate", j);
          }
        });
        const commit = function () {
          const parsed = tools.parseRate(box.value, config.maxTypedRate);
          if ("error" in parsed) {
            rateMessage.textContent = racer.name + ": " + parsed.error;
            rateMessage.setAttribute("data-j", String(j));
            box.setAttribute("aria-invalid", "true");
          }
        };
        box.addEventListener("change", commit);
        box.addEventListener("keydown", function (event) {
          if (event.key === "Enter") {
            event.preventDefault();
            commit();
          }
        });
      });
      paintKeys();
    }

    // the start, typed
    const startBoxes = maps.pointBoxes(tools, ui, {
      key: "start",
      names: races[0].labels,
      label: function (i) {
        return "Start " + races[which].labels[i];
      },
      parse: function (i, text) {
        const r = races[which];
        return tools.parseNumber(text, r.labels[i], r.box[i][0], r.box[i][1]);
      },
      onValue: function (i, value) {
        const next = races[which].start.slice();
        next[i] = value;
        place(next, "typed");
      },
    });

    function syncStartBoxes() {
      const r = races[which];
      startBoxes.labels.forEach(function (label, i) {
        label.textContent = "Start " + r.labels[i];
      });
      startBoxes.show(r.start);
    }

    tools.on(select, "change", function () {
      which = Number(select.value);
      rateMessage.textContent = "";
      clock.rewind();
      buildRows();
      syncStartBoxes();
      formula.textContent = "L = " + races[which].spec.surface.formula;
      compute();
      layout(layer.width);
      redraw();
      say(waiting());
    });

    // --- the runs
    const cache = {};
    function runOf(r, j) {
      const racer = r.spec.racers[j];
      const hyper = Object.assign({}, config.rules[racer.rule], racer.hyperparameters, { learning_rate: r.rates[j] });
      const opt = optimizers.optimizer(racer.rule, hyper);
      const id = JSON.stringify([which, j, opt.hyperparameters, r.start]);
      if (cache[which + ":" + j] && cache[which + ":" + j].id === id) return cache[which + ":" + j].result;
      const budget = r.spec.steps;
      const path = optimizers.run(r.surface, opt, r.start, budget, limit);
      const diverged = path.divergedAt >= 0;
      const finish = kit.finishStep(path, budget, function (k) {
        return !(path.losses[k] < tolerance);
      });
      const result = { j: j, name: racer.name, path: path, finish: finish, diverged: diverged, stop: finish !== null ? finish : path.last };
      cache[which + ":" + j] = { id: id, result: result };
      return result;
    }

    function compute() {
      const r = races[which];
      const all = r.spec.racers.map(function (racer, j) {
        return runOf(r, j);
      });
      const shown = all.filter(function (x) {
        return r.shown[x.j];
      });
      let end = 0;
      shown.forEach(function (x) {
        end = Math.max(end, x.stop);
      });
      // the loss axis: from below the tolerance to above the start's loss
      let low = Math.log10(tolerance) - 1;
      shown.forEach(function (x) {
        for (let k = 0; k <= x.path.last; k++) {
          const loss = x.path.losses[k];
          if (loss > 0 && Number.isFinite(loss)) low = Math.min(low, Math.log10(loss));
        }
      });
      const first = r.surface.value(r.start);
      const high = Math.max(Math.log10(tolerance) + 1, first > 0 ? Math.log10(first) : 0) + 0.5;
      race = {
        all: all,
        shown: shown,
        end: end,
        speed: kit.speed(end, RACE_SECONDS),
        logRange: [Math.max(low, Math.log10(tolerance) - 3) - 0.3, high],
      };
    }

    function at(x) {
      return Math.min(clock.step, x.stop);
    }

    function events(from, to) {
      const news = [];
      race.shown.forEach(function (x) {
        if (x.finish !== null && x.finish > from && x.finish <= to) news.push(x.name + " reached loss below " + f(tolerance) + " at step " + x.finish);
        else if (x.diverged && x.path.divergedAt > from && x.path.divergedAt <= to) news.push(x.name + " diverged at step " + x.path.divergedAt);
      });
      if (news.length && to < race.end) say(capital(news.join("; ")) + ".");
    }

    // A setting changed: new runs; the clock stays where it was (a finished race shows its new end).
    function changed(what, j) {
      compute();
      clock.settle();
      if (!race.shown.length && clock.phase === "playing") {
        clock.stop();
        clock.phase = "paused";
      }
      redraw();
      const r = races[which];
      if (what === "show") say(r.spec.racers[j].name + (r.shown[j] ? " joins the race." : " is hidden."));
      else if (what === "rate") say(r.spec.racers[j].name + " now races with α = " + f(r.rates[j]) + ". " + (clock.phase === "done" ? verdict() : ""));
      else say(clock.sentence());
    }

    function place(point, source) {
      const r = races[which];
      r.start = point.map(function (c, i) {
        return Math.max(r.box[i][0], Math.min(r.box[i][1], c));
      });
      if (source !== "typed") syncStartBoxes();
      changed("start");
    }

    // --- words
    function capital(text) {
      return text.charAt(0).toUpperCase() + text.slice(1);
    }

    function where(x) {
      const k = at(x);
      if (x.finish !== null && clock.step >= x.finish) return "below " + f(tolerance) + " from step " + x.finish;
      if (x.diverged && clock.step >= x.path.divergedAt) return "diverged at step " + x.path.divergedAt;
      return "loss " + f(x.path.losses[k]);
    }

    function waiting() {
      const r = races[which];
      return (
        capital(r.spec.surface.title.replace(/^(A|The) /, "the ")) + ": " + race.shown.length + " optimizers wait at (" +
        r.labels.join(", ") + ") = " + tools.point(r.start) + ", loss " + f(r.surface.value(r.start)) +
        ". Press Play to race, or Step to go one step at a time."
      );
    }

    function snapshot() {
      return "Step " + clock.step + ": " + race.shown.map(function (x) {
        return x.name + " " + where(x);
      }).join("; ") + ".";
    }

    function verdict() {
      if (!race.shown.length) return "Every optimizer is hidden.";
      const budget = races[which].spec.steps;
      const done = race.shown.filter(function (x) {
        return x.finish !== null;
      }).sort(function (a, b) {
        return a.finish - b.finish;
      });
      const parts = done.map(function (x) {
        return x.name + " at step " + x.finish;
      });
      let text = "Race over. " + (done.length ? "Loss below " + f(tolerance) + " for good: " + parts.join(", ") + "." : "No optimizer got the loss below " + f(tolerance) + " for good.");
      const rest = race.shown.filter(function (x) {
        return x.finish === null;
      });
      if (rest.length) {
        text += " " + capital(rest.map(function (x) {
          return x.diverged ? x.name + " diverged at step " + x.path.divergedAt : x.name + " ended at loss " + f(x.path.losses[x.path.last]) + " after " + budget + " steps";
        }).join("; ")) + ".";
      }
      if (rest.some(function (x) {
        return x.diverged;
      })) text += " A run that diverges overshoots by more at every step: try a smaller α.";
      return text;
    }

    // --- pointer and keys: move the start
    let map = null;
    let chart = null;
    maps.pressMap(
      tools,
      layer.canvas,
      function (px, py) {
        return map.near(px, py, 8);
      },
      function (event) {
        const here = layer.pointer(event);
        const p = map.at(here[0], here[1]);
        const snap = races[which].keyStep.map(function (s) {
          return s / 5;
        });
        place([Number((Math.round(p[0] / snap[0]) * snap[0]).toPrecision(12)), Number((Math.round(p[1] / snap[1]) * snap[1]).toPrecision(12))], "pointer");
      }
    );
    maps.mapKeys(tools, layer.canvas, {
      big: 4,
      step: function () {
        return races[which].keyStep;
      },
      move: function (d) {
        const r = races[which];
        place(
          r.start.map(function (c, i) {
            return Number((Math.round((c + d[i]) / r.keyStep[i]) * r.keyStep[i]).toPrecision(12));
          }),
          "key"
        );
      },
      home: function () {
        place(races[which].spec.start.slice(), "key");
      },
      enter: clock.toggle,
    });

    // --- drawing
    function contours(r) {
      if (r.grid) return r.grid;
      const g = maps.sample(r.surface.value, r.box, 97, 73);
      r.grid = r.spec.levels.map(function (level) {
        return tools.contour(g.values, g.xs, g.ys, level);
      });
      return r.grid;
    }

    function layout(width) {
      const r = races[which];
      const plotWidth = width - LEFT - RIGHT;
      const aspect = (r.box[1][1] - r.box[1][0]) / (r.box[0][1] - r.box[0][0]);
      const mapHeight = Math.round(Math.max(170, Math.min(width >= 560 ? 380 : 300, plotWidth * aspect)));
      const chartHeight = width >= 560 ? 170 : 140;
      map = tools.plotBox({ left: LEFT, top: 8, width: plotWidth, height: mapHeight }, r.box[0], r.box[1]);
      const chartTop = 8 + mapHeight + 30 + 26;
      chart = { left: LEFT, top: chartTop, width: plotWidth, height: chartHeight };
      layer.size(width, chartTop + chartHeight + 30);
      paintBackground();
    }

    // The map's contours and axes change only with the surface, the size or the palette: drawn once, copied on each frame.
    function paintBackground() {
      const r = races[which];
      const ctx = layer.backdrop();
      const colors = tools.colors;
      const style = getComputedStyle(root);
      racerColors = COLORS.map(function (name) {
        return style.getPropertyValue(name).trim();
      });
      map.axes(ctx, colors, { font: tools.font(12), xLabel: r.labels[0] });
      ctx.font = tools.font(12);
      ctx.fillStyle = colors.ink;
      ctx.textAlign = "left";
      ctx.textBaseline = "top";
      ctx.fillText(r.labels[1], 4, map.rect.top);
      map.faintContours(ctx, colors, contours(r));
      if (r.minimum) {
        ctx.fillStyle = colors.ink;
        shape(ctx, "star", map.sx(r.minimum[0]), map.sy(r.minimum[1]), 6);
        ctx.fill();
      }
      ctx.restore();
      paintKeys();
    }

    // The racers' colours, read from CSS (light and dark) whenever the background is painted.
    let racerColors = [];
    function colorOf(j) {
      return racerColors[j] || tools.colors.ink;
    }

    // The legend's markers, in the table.
    function paintKeys() {
      const markers = config.markers;
      rows.forEach(function (row, j) {
        const ctx = row.key.getContext("2d");
        ctx.setTransform(2, 0, 0, 2, 0, 0);
        ctx.clearRect(0, 0, 18, 18);
        ctx.strokeStyle = colorOf(j);
        ctx.lineWidth = 2.5;
        ctx.beginPath();
        ctx.moveTo(1, 9);
        ctx.lineTo(17, 9);
        ctx.stroke();
        ctx.fillStyle = colorOf(j);
        shape(ctx, markers[j], 9, 9, 4.5);
        ctx.fill();
      });
    }

    function redraw() {
      tools.timed(draw);
    }

    function marker(ctx, j, x, y, radius, colors) {
      ctx.fillStyle = colorOf(j);
      ctx.strokeStyle = colors.background;
      ctx.lineWidth = 1.5;
      shape(ctx, config.markers[j], x, y, radius);
      ctx.fill();
      ctx.stroke();
    }

    function draw() {
      const r = races[which];
      const ctx = layer.ctx;
      const colors = tools.colors;
      const step = clock.step;
      layer.clear();
      ctx.lineJoin = "round";
      ctx.lineCap = "round";
      ctx.save();
      map.clip(ctx);
      race.shown.forEach(function (x) {
        const positions = x.path.positions;
        const mx = function (k) {
          return map.sx(positions[k][0]);
        };
        const my = function (k) {
          return map.sy(positions[k][1]);
        };
        kit.trail(tools, ctx, colorOf(x.j), 0.25, x.stop, at(x), mx, my);
      });
      tools.ring(ctx, map.sx(r.start[0]), map.sy(r.start[1]), 6, colors.ink);
      ctx.restore();
      race.shown.forEach(function (x) {
        let k = at(x);
        let here = x.path.positions[k];
        if (!here.every(Number.isFinite) && k > 0) here = x.path.positions[--k];
        kit.pin(tools, ctx, map, here, colorOf(x.j), function (px, py) {
          marker(ctx, x.j, px, py, 5.5, colors);
        });
      });
      drawChart(ctx, colors);
      readouts();
      clock.sync(step >= race.end || !race.shown.length);
    }

    function drawChart(ctx, colors) {
      const step = clock.step;
      const lo = race.logRange[0];
      const hi = race.logRange[1];
      const end = Math.max(race.end, 10) * 1.03;
      const box = tools.plotBox(chart, [0, end], [lo, hi]);
      kit.chartFrame(tools, ctx, box, colors, "Loss (log scale) against the step k", chart.left - 40, chart.top - 10);
      const every = Math.max(1, Math.ceil((hi - lo) / Math.max(2, Math.floor(chart.height / 26))));
      for (let p = Math.ceil(lo); p <= hi; p += every) ctx.fillText(p === 0 ? "1" : "1e" + p, chart.left - 6, box.sy(p));
      ctx.save();
      box.clip(ctx);
      const tolY = box.sy(Math.log10(tolerance));
      kit.chartLines(ctx, box, chart, tolY, step, colors);
      const y = function (loss) {
        return loss === 0 ? box.sy(lo - 1) : box.sy(Math.log10(loss));
      };
      race.shown.forEach(function (x) {
        const losses = x.path.losses;
        const k = at(x);
        const cy = function (i) {
          return x.diverged && i === x.path.divergedAt ? NaN : y(losses[i]);
        };
        kit.trail(tools, ctx, colorOf(x.j), 0.25, x.stop, k, box.sx, cy);
      });
      ctx.restore();
      race.shown.forEach(function (x) {
        const k = at(x);
        if (x.diverged && step >= x.path.divergedAt) {
          const px = Math.min(chart.left + chart.width - 6, box.sx(x.path.divergedAt));
          tools.arrow(ctx, px, chart.top + 18, px, chart.top + 2, colorOf(x.j), 3);
        } else if (Number.isFinite(x.path.losses[k])) {
          marker(ctx, x.j, box.sx(k), Math.max(chart.top, Math.min(chart.top + chart.height, y(x.path.losses[k]))), 4.5, colors);
        }
      });
      ctx.fillStyle = colors.ink;
      ctx.textAlign = "right";
      ctx.textBaseline = "bottom";
      ctx.font = tools.font(11);
      ctx.strokeStyle = colors.background;
      ctx.lineWidth = 3;
      const text = "tolerance " + f(tolerance);
      ctx.strokeText(text, chart.left + chart.width - 4, tolY - 3);
      ctx.fillText(text, chart.left + chart.width - 4, tolY - 3);
    }

    function readouts() {
      const step = clock.step;
      const r = races[which];
      rows.forEach(function (row, j) {
        const x = race.all[j];
        let text;
        if (!r.shown[j]) text = "hidden";
        else if (x.diverged && step >= x.path.divergedAt) text = "✗ diverged, step " + x.path.divergedAt;
        else if (x.finish !== null && step >= x.finish) text = "✓ at step " + x.finish;
        else if (step >= race.end && x.finish === null) text = "not there: loss " + f(x.path.losses[x.path.last]);
        else text = "step " + at(x) + " · loss " + f(x.path.losses[at(x)]);
        if (row.progress.textContent !== text) row.progress.textContent = text;
      });
    }

    buildRows();
    syncStartBoxes();
    formula.textContent = "L = " + races[0].spec.surface.formula;
    compute();
    clock.status.textContent = waiting();

    return tools.hooks(layout, paintBackground, draw, {
      state: function () {
        const r = races[which];
        return {
          phase: clock.phase,
          step: clock.step,
          end: race.end,
          surface: r.spec.surface.name,
          start: r.start.slice(),
          racers: race.all.map(function (x) {
            return {
              name: x.name,
              rate: r.rates[x.j],
              shown: r.shown[x.j],
              step: at(x),
              stop: x.stop,
              finish: x.finish,
              divergedAt: x.path.divergedAt,
              loss: x.path.losses[at(x)],
            };
          }),
        };
      },
      // Test hooks: the runs drawn now (every racer, hidden ones too), and a run of any rule on a race's surface.
      paths: function () {
        return race.all.map(function (x) {
          const p = x.path;
          return { name: x.name, positions: p.positions, losses: p.losses, gradients: p.gradients, divergedAt: p.divergedAt };
        });
      },
      path: function (index, rule, hyperparameters, from, steps) {
        const opt = optimizers.optimizer(rule, Object.assign({}, config.rules[rule], hyperparameters));
        return optimizers.run(races[index].surface, opt, from, steps, limit);
      },
    });
  }

  window.gdnotes.widgets.defineWith("optimizer-race", ["optimizers", "race", "maps"], setup);
})();
