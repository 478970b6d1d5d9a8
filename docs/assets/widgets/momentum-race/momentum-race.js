// gdnotes widget "momentum-race" (lesson 7): plain gradient descent and momentum
// race down the ravine from the same start with the same learning rate. Two
// contour maps, one per runner, stacked so that they share the x axis (the
// ravine is far wider than tall, so progress along the floor lines up), and
// below them each runner's distance to the minimum against the step. Play,
// pause, step, reset; sliders for alpha and beta; Nesterov's look-ahead; the
// start moves by click, tap, arrow keys or typing.
//
// The runs come from optimizers.js: the update rules of gdnotes.optimizers with
// the step loop and divergence rule of gdnotes.descent.run; the clock and the
// drawing of a runner from race.js, shared with lesson 9's race. A runner finishes
// at the step from which it stays within the tolerance of the minimum to the
// end of its step budget, as gdnotes.ravines.steps_to_tolerance counts.
//
// Another widget sets the race's α and β with the DOM event "gdnotes:momentum" on document,
// detail {learningRate, beta} (lesson 7's momentum-map sends it): values the race's own boxes
// would accept are taken as if typed; the race says so, comes into view, and sets
// detail.accepted = true. After every change of its settings it sends "gdnotes:momentum-race",
// detail {learningRate, beta, nesterov}, so that the map can ring the race's point.
(function () {
  "use strict";

  const RACE_SECONDS = 10; // a long race is played faster, so that it lasts about this long
  const MAX_SPEED = 600; // steps per second
  const LEFT = 42;
  const RIGHT = 12;

  function setup(root, ui, tools, optimizers, kit, mapKit) {
    const { config, surface, format: f } = tools;
    const { labels, bounds } = surface;
    const minimum = surface.minima[0];
    const tolerance = config.tolerance;
    const budget = config.steps;
    const limit = config.divergenceLimit;
    const names = config.names;
    const keyStep = bounds.map(function (b) {
      return tools.nice((b[1] - b[0]) / 40);
    });

    let start = config.start.slice();
    let rate = config.learningRate;
    let beta = config.beta;
    let nesterov = config.nesterov;
    let race = null;

    // --- the page
    const layer = mapKit.canvas(
      tools,
      ui,
      "race maps",
      "Two contour maps of the ravine, one per runner, and below them the distance to the minimum against the step. " +
        "Click or tap a map, or use the arrow keys (Shift for bigger moves), to move the common start; Home puts it " +
        "back; Enter or Space plays or pauses the race. The race is described below."
    );

    const board = tools.el("div", { class: "gd-race-board", "aria-hidden": "true" });
    ui.appendChild(board);
    const rows = [0, 1].map(function () {
      const swatch = tools.el("span", { class: "gd-swatch" });
      const name = tools.el("strong", { class: "gd-race-name" });
      const parts = tools.el("span", { class: "gd-race-parts" });
      board.appendChild(tools.el("p", { class: "gd-readout gd-race-row" }, [swatch, name, parts]));
      return { swatch: swatch, name: name, parts: parts };
    });

    const clock = kit.clock(ui, tools, {
      current: () => race,
      redraw,
      waiting,
      snapshot,
      verdict,
      started: function () {
        return "Race on: both runners leave " + tools.point(start) + " with α = " + f(rate) + ", " + race.racers[1].name + " against " + race.racers[0].name + ".";
      },
      events: events,
    });
    const say = clock.say;

    const controls = tools.el("div", { class: "gd-controls" });
    ui.appendChild(controls);
    const rateControl = tools.rateControl(controls, { value: rate, onChange: setRate });
    ui.appendChild(rateControl.message);

    // beta: a slider and a typed box kept in step, like the learning rate's
    const betaControls = tools.el("div", { class: "gd-controls" });
    ui.appendChild(betaControls);
    const betaControl = tools.numberControl(betaControls, {
      key: "beta",
      label: "Momentum β",
      typedLabel: "or type β",
      range: config.betaRange,
      value: beta,
      parse: parseBeta,
      onChange: function (value) {
        beta = value;
        changed();
      },
      messageParent: ui,
    });
    const nesterovId = tools.id + "-nesterov";
    const nesterovBox = tools.el("input", { type: "checkbox", id: nesterovId, checked: nesterov });
    betaControls.appendChild(
      tools.el("div", { class: "gd-control gd-check gd-race-check" }, [nesterovBox, tools.el("label", { for: nesterovId, text: "Nesterov look-ahead" })])
    );

    // the start, typed
    const startBoxes = mapKit.startBoxes(tools, ui, function () {
      return start;
    }, place);

    function parseBeta(text) {
      const raw = String(text).trim().replace(",", ".").replace("−", "-");
      if (raw === "") return { error: "Type a momentum β from 0 up to (not including) 1, for example 0.9." };
      if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(raw)) {
        return { error: "“" + String(text).trim() + "” is not a number. Type a momentum β such as 0.9." };
      }
      const value = Number(raw);
      if (value < 0) return { error: "β cannot be negative: it is the share of the velocity kept from one step to the next." };
      if (value >= 1) return { error: "β must be below 1: with β = 1 nothing slows the ball down, and it never settles." };
      return { value: value };
    }

    function setRate(value) {
      rate = value;
      changed();
    }

    tools.on(nesterovBox, "change", function () {
      nesterov = nesterovBox.checked;
      changed();
    });

    // α and β from another widget (see the top of this file)
    tools.on(document, "gdnotes:momentum", function (event) {
      const detail = event.detail || {};
      if (!tools.alive()) return; // a race taken off the page takes nothing
      const a = detail.learningRate;
      const b = detail.beta;
      if (typeof a !== "number" || !(a > 0 && a <= config.maxTypedRate) || typeof b !== "number" || !(b >= 0 && b < 1)) return;
      rate = a;
      beta = b;
      rateControl.set(a);
      betaControl.set(b);
      changed();
      say("Set from the map: α = " + f(a) + ", β = " + f(b) + ". " + clock.sentence());
      detail.accepted = true;
      const header = document.querySelector(".md-header"); // sticky: the race's top goes just below it
      root.style.scrollMarginTop = (header ? header.offsetHeight : 0) + 8 + "px";
      root.scrollIntoView({ block: "start", behavior: tools.reducedMotion() ? "auto" : "smooth" });
    });


    // --- the runs
    function distance(p) {
      let sum = 0;
      for (let i = 0; i < p.length; i++) sum += (p[i] - minimum[i]) * (p[i] - minimum[i]);
      return Math.sqrt(sum);
    }

    // The last run of each rule is kept: moving beta leaves plain gradient descent's run as it was.
    const cache = {};
    function runner(key, rule, hyperparameters) {
      const opt = optimizers.optimizer(rule, Object.assign({}, config.rules[rule], hyperparameters));
      const id = JSON.stringify([opt.hyperparameters, start]);
      if (cache[rule] && cache[rule].id === id) return Object.assign({}, cache[rule].result, { key: key });
      const path = optimizers.run(surface, opt, start, budget, limit);
      const gaps = new Array(path.positions.length);
      for (let k = 0; k < gaps.length; k++) gaps[k] = distance(path.positions[k]);
      const diverged = path.divergedAt >= 0;
      if (diverged) gaps[path.divergedAt] = NaN;
      // gdnotes.ravines.steps_to_tolerance: the first step from which the distance stays within the tolerance
      const finish = kit.finishStep(path, budget, function (k) {
        return gaps[k] > tolerance;
      });
      const result = {
        key: key,
        path: path,
        gaps: gaps,
        finish: finish,
        diverged: diverged,
        stop: finish !== null ? finish : path.last,
      };
      cache[rule] = { id: id, result: result };
      return result;
    }

    function compute() {
      const heavy = nesterov ? "nesterov" : "momentum";
      race = {
        racers: [
          Object.assign(runner("plain", "gradient_descent", { learning_rate: rate }), {
            name: names.plain,
            color: "--gd-w-curve",
            colorKey: "curve",
          }),
          Object.assign(runner(heavy, "momentum", { learning_rate: rate, beta: beta, nesterov: nesterov }), {
            name: names[heavy] + " (β = " + f(beta) + ")",
            color: nesterov ? "--gd-w-descent" : "--gd-w-path",
            colorKey: nesterov ? "descent" : "path",
          }),
        ],
      };
      race.end = Math.max(race.racers[0].stop, race.racers[1].stop);
      race.speed = kit.speed(race.end, RACE_SECONDS, MAX_SPEED);
      // distances on the chart: log scale from a tenth of the tolerance to above the start
      let top = tolerance * 10;
      race.racers.forEach(function (r) {
        if (Number.isFinite(r.gaps[0])) top = Math.max(top, r.gaps[0]);
      });
      race.logRange = [Math.log10(tolerance) - 1, Math.log10(top) + 0.4];
    }

    function at(r) {
      return Math.min(clock.step, r.stop);
    }

    // What happened to the runners between two steps of the clock, in words.
    function events(from, to) {
      race.racers.forEach(function (r, i) {
        const other = race.racers[1 - i];
        if (r.finish !== null && r.finish > from && r.finish <= to && to < race.end) {
          say(
            capital(r.name) + " is within " + f(tolerance) + " of the minimum for good: finished in " + r.finish + " steps. " +
              capital(other.name) + " is " + where(other, true) + "."
          );
        } else if (r.diverged && r.path.divergedAt > from && r.path.divergedAt <= to && to < race.end) {
          say(capital(r.name) + " diverged at step " + r.path.divergedAt + ": it flew out of the ravine.");
        }
      });
    }

    // A setting changed: new runs; the clock stays where it was (a finished race shows its new end).
    function changed() {
      compute();
      clock.settle();
      redraw();
      document.dispatchEvent(new CustomEvent("gdnotes:momentum-race", { detail: { learningRate: rate, beta: beta, nesterov: nesterov } }));
      if (clock.phase === "playing") say("Now racing with α = " + f(rate) + " and β = " + f(beta) + (nesterov ? ", Nesterov look-ahead on." : "."));
      else say(clock.sentence());
    }

    function place(point, source) {
      start = point.map(function (c, i) {
        return Math.max(bounds[i][0], Math.min(bounds[i][1], c));
      });
      if (source !== "typed") startBoxes.show(start);
      changed();
    }

    // --- words
    function capital(text) {
      return text.charAt(0).toUpperCase() + text.slice(1);
    }

    function where(r, withStep) {
      const k = at(r);
      if (r.finish !== null && clock.step >= r.finish) return "finished in " + r.finish + " steps";
      if (r.diverged && clock.step >= r.path.divergedAt) return "diverged at step " + r.path.divergedAt;
      return (withStep ? "at step " + k + ", " : "") + f(r.gaps[k]) + " from the minimum (loss " + f(r.path.losses[k]) + ")";
    }

    function settings() {
      return "α = " + f(rate) + ", β = " + f(beta) + (nesterov ? ", Nesterov look-ahead on" : "");
    }

    function waiting() {
      return (
        "Both runners wait at (" + labels.join(", ") + ") = " + tools.point(start) + ", " + f(race.racers[0].gaps[0]) +
        " from the minimum, with " + settings() + ". Press Play to race, or Step to go one step at a time."
      );
    }

    function snapshot() {
      return (
        "Step " + clock.step + ": " + race.racers.map(function (r) {
          return r.name + " " + where(r, false);
        }).join("; ") + "."
      );
    }

    function verdict() {
      const a = race.racers[0];
      const b = race.racers[1];
      const result = function (r) {
        if (r.finish !== null) return r.name + " finished in " + r.finish + " steps";
        if (r.diverged) return r.name + " diverged at step " + r.path.divergedAt;
        return r.name + " is still " + f(r.gaps[r.path.last]) + " away after " + budget + " steps";
      };
      let text = "Race over (" + settings() + "): " + result(b) + "; " + result(a) + ".";
      if (a.finish !== null && b.finish !== null && a.finish !== b.finish && Math.min(a.finish, b.finish) > 0) {
        const fast = a.finish < b.finish ? a : b;
        const slow = fast === a ? b : a;
        text += " " + capital(fast.name) + " needed " + f(slow.finish / fast.finish, 3) + " times fewer steps.";
      } else if (a.finish !== null && a.finish === b.finish) {
        text += " A tie.";
      }
      if (a.diverged || b.diverged) text += " A runner that diverges overshoots by more at every step: try a smaller α.";
      return text;
    }

    // --- pointer and keys: move the start
    function mapAt(px, py) {
      for (let i = 0; i < maps.length; i++) {
        if (maps[i].near(px, py, 8)) return maps[i];
      }
      return null;
    }
    mapKit.pressMap(tools, layer.canvas, mapAt, function (event, map) {
      const here = layer.pointer(event);
      const p = map.at(here[0], here[1]);
      place([Math.round(p[0] * 10) / 10, Math.round(p[1] * 10) / 10], "pointer");
    });
    mapKit.mapKeys(tools, layer.canvas, {
      big: 4,
      step: function () {
        return keyStep;
      },
      move: function (d) {
        // land on the key step's grid, so that the numbers stay round
        place(
          start.map(function (c, i) {
            return Number((Math.round((c + d[i]) / keyStep[i]) * keyStep[i]).toPrecision(12));
          }),
          "key"
        );
      },
      home: function () {
        place(config.start.slice(), "key");
      },
      enter: clock.toggle,
    });

    // --- drawing
    let maps = [];
    let chart = null;
    const grid = (function () {
      const g = mapKit.sample(surface.value, bounds, 121, 49);
      return config.levels.map(function (level) {
        return tools.contour(g.values, g.xs, g.ys, level);
      });
    })();

    function layout(width) {
      const plotWidth = width - LEFT - RIGHT;
      const aspect = (bounds[1][1] - bounds[1][0]) / (bounds[0][1] - bounds[0][0]);
      const mapHeight = Math.round(Math.max(100, Math.min(150, plotWidth * aspect)));
      const chartHeight = width >= 560 ? 140 : 120;
      const title = 22;
      const ticks = 22;
      maps = [0, 1].map(function (i) {
        const top = title + i * (mapHeight + ticks + title + 4);
        return tools.plotBox({ left: LEFT, top: top, width: plotWidth, height: mapHeight }, bounds[0], bounds[1]);
      });
      const chartTop = 2 * (mapHeight + ticks + title + 4) + title + 4;
      chart = { left: LEFT, top: chartTop, width: plotWidth, height: chartHeight };
      layer.size(width, chartTop + chartHeight + 30);
      paintBackground();
    }

    // The maps' contours and axes change only with the size or the palette: drawn once, copied on each frame.
    function paintBackground() {
      const ctx = layer.backdrop();
      const colors = tools.colors;
      maps.forEach(function (map) {
        const span = bounds[1][1] - bounds[1][0];
        const every = tools.nice(span / Math.max(2, Math.floor(map.rect.height / 30)));
        const yTicks = [];
        for (let t = Math.ceil(bounds[1][0] / every - 1e-9); t * every <= bounds[1][1] + 1e-9; t++) yTicks.push(t * every);
        map.axes(ctx, colors, { font: tools.font(12), xLabel: labels[0], yTicks: yTicks });
        ctx.font = tools.font(12);
        ctx.fillStyle = colors.ink;
        ctx.textAlign = "left";
        ctx.textBaseline = "middle";
        ctx.fillText(labels[1], 2, map.rect.top + map.rect.height / 2);
        map.faintContours(ctx, colors, grid);
        // the minimum: the finish
        ctx.fillStyle = colors.ink;
        ctx.beginPath();
        ctx.arc(map.sx(minimum[0]), map.sy(minimum[1]), 3.5, 0, 2 * Math.PI);
        ctx.fill();
        ctx.restore();
      });
    }

    function redraw() {
      tools.timed(draw);
    }

    function dot(ctx, x, y, radius, fill, ring) {
      ctx.beginPath();
      ctx.arc(x, y, radius, 0, 2 * Math.PI);
      ctx.fillStyle = fill;
      ctx.fill();
      if (ring) {
        ctx.strokeStyle = ring;
        ctx.lineWidth = 2;
        ctx.stroke();
      }
    }

    function draw() {
      const ctx = layer.ctx;
      const colors = tools.colors;
      const step = clock.step;
      layer.clear();
      ctx.lineJoin = "round";
      ctx.lineCap = "round";

      race.racers.forEach(function (r, i) {
        const map = maps[i];
        const color = colors[r.colorKey];
        const positions = r.path.positions;
        const k = at(r);
        // title: the runner's name, and how far it has got
        ctx.font = "700 " + tools.font(12.5);
        ctx.textBaseline = "alphabetic";
        ctx.textAlign = "left";
        ctx.fillStyle = color;
        ctx.fillRect(map.rect.left + 12, map.rect.top - 13, 14, 5);
        ctx.fillStyle = colors.ink;
        ctx.fillText(r.name, map.rect.left + 31, map.rect.top - 7);
        const nameEnd = map.rect.left + 31 + ctx.measureText(r.name).width;
        ctx.font = tools.font(12);
        ctx.textAlign = "right";
        const tag = r.finish !== null && step >= r.finish ? "✓ finished: " + r.finish + " steps" : r.diverged && step >= r.path.divergedAt ? "✗ diverged at step " + r.path.divergedAt : "step " + k;
        if (ctx.measureText(tag).width + 12 < map.rect.left + map.rect.width - nameEnd) {
          ctx.fillText(tag, map.rect.left + map.rect.width, map.rect.top - 7);
        }

        ctx.save();
        map.clip(ctx);
        // the whole run, faint; the part run so far, solid
        const mx = function (j) {
          return map.sx(positions[j][0]);
        };
        const my = function (j) {
          return map.sy(positions[j][1]);
        };
        kit.trail(tools, ctx, color, 0.28, r.stop, k, mx, my);
        // the start
        tools.ring(ctx, map.sx(start[0]), map.sy(start[1]), 5, colors.ink);
        ctx.restore();
        let here = positions[k];
        if (!here.every(Number.isFinite) && k > 0) here = positions[k - 1];
        kit.pin(tools, ctx, map, here, color, function (px, py) {
          dot(ctx, px, py, 6.5, color, colors.background);
        });
      });

      drawChart(ctx, colors);
      readouts();
      clock.sync(step >= race.end);
    }

    function drawChart(ctx, colors) {
      const step = clock.step;
      const lo = race.logRange[0];
      const hi = race.logRange[1];
      const end = Math.max(race.end, 10) * 1.03; // room for a finish on the last step
      const box = tools.plotBox(chart, [0, end], [lo, hi]);
      kit.chartFrame(tools, ctx, box, colors, "Distance to the minimum (log scale) against the step k", chart.left - 36, chart.top - 9);
      // y labels: powers of ten
      const first = Math.ceil(lo);
      const every = hi - lo > 6 ? 2 : 1;
      for (let p = first; p <= hi; p += every) ctx.fillText(f(Math.pow(10, p)), chart.left - 6, box.sy(p));
      ctx.save();
      box.clip(ctx);
      // the tolerance: the finish line; and now
      kit.chartLines(ctx, box, chart, box.sy(Math.log10(tolerance)), step, colors);
      const y = function (gap) {
        // exactly at the minimum: below the chart; a diverged step (NaN): left out
        return gap === 0 ? box.sy(lo - 1) : box.sy(Math.log10(gap));
      };
      race.racers.forEach(function (r) {
        const color = colors[r.colorKey];
        const k = at(r);
        const cy = function (j) {
          return y(r.gaps[j]);
        };
        kit.trail(tools, ctx, color, 0.28, r.stop, k, box.sx, cy);
        if (r.finish !== null && step >= r.finish) {
          dot(ctx, box.sx(r.finish), y(r.gaps[r.finish]), 5, color, colors.background);
        } else if (r.diverged && step >= r.path.divergedAt) {
          const x = Math.min(chart.left + chart.width - 6, box.sx(r.path.divergedAt));
          tools.arrow(ctx, x, chart.top + 18, x, chart.top + 2, color, 3);
        } else if (Number.isFinite(r.gaps[k])) {
          dot(ctx, box.sx(k), y(r.gaps[k]), 3.5, color, null);
        }
      });
      // the finish line's name, over the curves
      ctx.fillStyle = colors.ink;
      ctx.textAlign = "left";
      ctx.textBaseline = "top";
      ctx.font = tools.font(11);
      ctx.strokeStyle = colors.background; // a halo keeps the words legible over a curve
      ctx.lineWidth = 3;
      ctx.strokeText("tolerance " + f(tolerance), chart.left + 4, box.sy(Math.log10(tolerance)) + 3);
      ctx.fillText("tolerance " + f(tolerance), chart.left + 4, box.sy(Math.log10(tolerance)) + 3);
      ctx.restore();
    }

    function readouts() {
      const step = clock.step;
      race.racers.forEach(function (r, i) {
        const row = rows[i];
        const k = at(r);
        row.swatch.style.background = "var(" + r.color + ")";
        row.name.textContent = r.name;
        const parts = ["step " + k];
        if (r.diverged && step >= r.path.divergedAt) {
          parts.push("✗ diverged at step " + r.path.divergedAt);
        } else {
          parts.push("distance " + f(r.gaps[k]), "loss " + f(r.path.losses[k]));
          if (r.finish !== null && step >= r.finish) parts.push("✓ finished in " + r.finish + " steps");
          else if (step >= race.end && r.finish === null) parts.push("not within " + f(tolerance) + " after " + budget + " steps");
        }
        tools.parts(row.parts, parts);
      });
    }

    compute();
    clock.status.textContent = waiting();

    return tools.hooks(layout, paintBackground, draw, {
      state: function () {
        return {
          phase: clock.phase,
          step: clock.step,
          end: race.end,
          speed: race.speed,
          rate: rate,
          beta: beta,
          nesterov: nesterov,
          start: start.slice(),
          racers: race.racers.map(function (r) {
            return {
              key: r.key,
              name: r.name,
              step: at(r),
              stop: r.stop,
              finish: r.finish,
              divergedAt: r.path.divergedAt,
              distance: r.gaps[at(r)],
            };
          }),
        };
      },
      // Test hooks: the runs drawn now, and a run of any rule with this widget's math.
      paths: function () {
        return race.racers.map(function (r) {
          return { key: r.key, positions: r.path.positions, losses: r.path.losses, gradients: r.path.gradients, divergedAt: r.path.divergedAt };
        });
      },
      path: function (rule, hyperparameters, from, steps) {
        const opt = optimizers.optimizer(rule, Object.assign({}, config.rules[rule], hyperparameters));
        return optimizers.run(surface, opt, from, steps, limit);
      },
    });
  }

  window.gdnotes.widgets.defineWith("momentum-race", ["optimizers", "race", "maps"], setup);
})();
