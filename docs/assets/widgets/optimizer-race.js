// gdnotes widget "optimizer-race" (lesson 9): gradient descent, momentum,
// Nesterov, AdaGrad, RMSProp and Adam race on one surface at a time (the
// ravine or the Rosenbrock valley), each with its own learning rate. One
// contour map carries every path; below it, each loss against the step on a
// log scale. Play, pause, step, reset; a typed learning rate and a show/hide
// box per optimizer; the start moves by click, tap, arrow keys or typing.
//
// The runs come from optimizers.js (the update rules of gdnotes.optimizers
// with the step loop and divergence rule of gdnotes.descent.run). A racer is
// done at the first step from which its loss stays below the tolerance to the
// end of its budget, as gdnotes.figures.comparison.steps_to_tolerance counts.
(function () {
  "use strict";

  const RACE_SECONDS = 8; // a long race is played faster, so that it lasts about this long
  const MIN_SPEED = 20; // steps per second
  const SAY_GAP = 1000; // ms: the screen reader hears at most one update per second
  const LEFT = 46;
  const RIGHT = 12;
  const COLORS = ["--gd-w-race-1", "--gd-w-race-2", "--gd-w-race-3", "--gd-w-race-4", "--gd-w-race-5", "--gd-w-race-6"];

  function nice(raw) {
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const unit = raw / power;
    return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
  }

  // Contour segments of a grid of values (marching squares), in data coordinates.
  function contour(values, xs, ys, level) {
    const nx = xs.length;
    const out = [];
    for (let j = 0; j + 1 < ys.length; j++) {
      for (let i = 0; i + 1 < nx; i++) {
        const v = [values[j * nx + i], values[j * nx + i + 1], values[(j + 1) * nx + i + 1], values[(j + 1) * nx + i]];
        const px = [xs[i], xs[i + 1], xs[i + 1], xs[i]];
        const py = [ys[j], ys[j], ys[j + 1], ys[j + 1]];
        const cut = [];
        for (let e = 0; e < 4; e++) {
          const a = v[e];
          const b = v[(e + 1) % 4];
          if (a < level !== b < level) {
            const t = (level - a) / (b - a);
            const n = (e + 1) % 4;
            cut.push([px[e] + (px[n] - px[e]) * t, py[e] + (py[n] - py[e]) * t]);
          }
        }
        if (cut.length === 2) out.push(cut);
        else if (cut.length === 4) out.push([cut[0], cut[1]], [cut[2], cut[3]]);
      }
    }
    return out;
  }

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

  function setup(root, ui, tools, optimizers) {
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
          return nice((b[1] - b[0]) / 40);
        }),
        grid: null,
      };
    });
    let which = 0;
    let race = null;
    let step = 0;
    let clock = 0;
    let phase = "ready"; // ready | playing | paused | done
    let handle = null;
    let before = null;

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

    const layer = tools.canvas(ui, {
      tabindex: "0",
      role: "application",
      "aria-roledescription": "race map",
      "aria-label":
        "A contour map with one path per optimizer, and below it each optimizer's loss against the step on a log scale. " +
        "Click or tap the map, or use the arrow keys (Shift for bigger moves), to move the start; Home puts it back; " +
        "Enter or Space plays or pauses the race. The race is described below.",
    });
    layer.canvas.style.touchAction = "pan-y";
    layer.canvas.style.cursor = "crosshair";
    const background = document.createElement("canvas");

    const buttons = tools.el("div", { class: "gd-controls gd-race-buttons" });
    const playButton = tools.el("button", { type: "button", class: "gd-button gd-primary", text: "Play" });
    const stepButton = tools.el("button", { type: "button", class: "gd-button", text: "Step" });
    const resetButton = tools.el("button", { type: "button", class: "gd-button", text: "Reset" });
    [playButton, stepButton, resetButton].forEach(function (b) {
      buttons.appendChild(b);
    });
    ui.appendChild(buttons);
    const status = tools.el("p", { class: "gd-status", role: "status", "aria-live": "polite" });
    ui.appendChild(status);

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
        const box = tools.el("input", {
          type: "text",
          id: rateId,
          inputmode: "decimal",
          autocomplete: "off",
          spellcheck: "false",
          size: "6",
          value: String(r.rates[j]),
          "aria-describedby": rateMessage.id,
        });
        const progress = tools.el("td", { class: "gd-orace-progress" });
        const tr = tools.el("tr", {}, [
          tools.el("td", {}, [tools.el("span", { class: "gd-orace-name" }, [check, key, tools.el("label", { for: showId, text: racer.name })])]),
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
    const startControls = tools.el("div", { class: "gd-controls" });
    const startMessage = tools.el("p", { class: "gd-message", id: tools.id + "-start-message", "aria-live": "polite" });
    const startBoxes = [0, 1].map(function (i) {
      const id = tools.id + "-start" + i;
      const label = tools.el("label", { for: id });
      const box = tools.el("input", {
        type: "text",
        id: id,
        inputmode: "decimal",
        autocomplete: "off",
        spellcheck: "false",
        size: "6",
        "aria-describedby": startMessage.id,
      });
      startControls.appendChild(tools.el("div", { class: "gd-control" }, [label, box]));
      const parse = function () {
        const r = races[which];
        return tools.parseNumber(box.value, r.labels[i], r.box[i][0], r.box[i][1]);
      };
      tools.on(box, "input", function () {
        const parsed = parse();
        if ("value" in parsed) {
          box.removeAttribute("aria-invalid");
          startMessage.textContent = "";
          const next = races[which].start.slice();
          next[i] = parsed.value;
          place(next, "typed");
        }
      });
      const commit = function () {
        const parsed = parse();
        if ("error" in parsed) {
          startMessage.textContent = parsed.error;
          box.setAttribute("aria-invalid", "true");
        }
      };
      tools.on(box, "change", commit);
      tools.on(box, "keydown", function (event) {
        if (event.key === "Enter") {
          event.preventDefault();
          commit();
        }
      });
      return { box: box, label: label };
    });
    ui.appendChild(startControls);
    ui.appendChild(startMessage);

    function syncStartBoxes() {
      const r = races[which];
      startBoxes.forEach(function (s, i) {
        s.label.textContent = "Start " + r.labels[i];
        s.box.value = String(r.start[i]);
        s.box.removeAttribute("aria-invalid");
      });
      startMessage.textContent = "";
    }

    tools.on(select, "change", function () {
      stopFrames();
      which = Number(select.value);
      rateMessage.textContent = "";
      step = clock = 0;
      phase = "ready";
      buildRows();
      syncStartBoxes();
      formula.textContent = "L = " + races[which].spec.surface.formula;
      compute();
      layout(layer.width);
      redraw();
      say(waiting());
    });
    tools.on(playButton, "click", function () {
      if (phase === "playing") pause();
      else play();
    });
    tools.on(stepButton, "click", stepOnce);
    tools.on(resetButton, "click", reset);

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
      let finish = null;
      if (!diverged) {
        let above = -1;
        for (let k = path.last; k >= 0; k--) {
          if (!(path.losses[k] < tolerance)) {
            above = k;
            break;
          }
        }
        finish = above < 0 ? 0 : above === budget ? null : above + 1;
      }
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
        speed: Math.max(MIN_SPEED, end / RACE_SECONDS),
        logRange: [Math.max(low, Math.log10(tolerance) - 3) - 0.3, high],
      };
    }

    function at(x) {
      return Math.min(step, x.stop);
    }

    // --- the clock
    function play() {
      stopFrames();
      if (!race.shown.length) {
        say("Every optimizer is hidden: tick at least one box to race.");
        return;
      }
      if (step >= race.end) step = clock = 0;
      if (tools.reducedMotion()) {
        step = clock = race.end;
        phase = "done";
        redraw();
        say(verdict());
        return;
      }
      phase = "playing";
      clock = step;
      before = null;
      handle = tools.frame(tick);
      redraw();
      say("Race on: " + race.shown.length + " optimizers leave " + tools.point(races[which].start) + ".");
    }

    function tick(time) {
      handle = null;
      if (before !== null) clock = Math.min(race.end, clock + ((time - before) / 1000) * race.speed);
      before = time;
      const next = Math.floor(clock);
      if (next !== step) {
        const was = step;
        step = next;
        events(was, step);
      }
      if (step >= race.end) {
        phase = "done";
        redraw();
        say(verdict());
        return;
      }
      redraw();
      handle = tools.frame(tick);
    }

    function events(from, to) {
      const news = [];
      race.shown.forEach(function (x) {
        if (x.finish !== null && x.finish > from && x.finish <= to) news.push(x.name + " reached loss below " + f(tolerance) + " at step " + x.finish);
        else if (x.diverged && x.path.divergedAt > from && x.path.divergedAt <= to) news.push(x.name + " diverged at step " + x.path.divergedAt);
      });
      if (news.length && to < race.end) say(capital(news.join("; ")) + ".");
    }

    function pause() {
      stopFrames();
      phase = step >= race.end ? "done" : "paused";
      redraw();
      say(phase === "done" ? verdict() : "Paused. " + snapshot());
    }

    function stepOnce() {
      stopFrames();
      if (step < race.end) step += 1;
      clock = step;
      phase = step >= race.end ? "done" : "paused";
      redraw();
      say(phase === "done" ? verdict() : snapshot());
    }

    function reset() {
      stopFrames();
      step = clock = 0;
      phase = "ready";
      redraw();
      say(waiting());
    }

    function stopFrames() {
      if (handle !== null) tools.cancelFrame(handle);
      handle = null;
    }

    // A setting changed: new runs; the clock stays where it was (a finished race shows its new end).
    function changed(what, j) {
      compute();
      if (phase === "done") step = race.end;
      step = Math.min(step, race.end);
      clock = Math.min(clock, race.end);
      if (phase === "paused" && step >= race.end) phase = "done";
      if (!race.shown.length && phase === "playing") {
        stopFrames();
        phase = "paused";
      }
      redraw();
      const r = races[which];
      if (what === "show") say(r.spec.racers[j].name + (r.shown[j] ? " joins the race." : " is hidden."));
      else if (what === "rate") say(r.spec.racers[j].name + " now races with α = " + f(r.rates[j]) + ". " + (phase === "done" ? verdict() : ""));
      else if (phase === "ready") say(waiting());
      else if (phase === "done") say(verdict());
      else say(snapshot());
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
      if (x.finish !== null && step >= x.finish) return "below " + f(tolerance) + " from step " + x.finish;
      if (x.diverged && step >= x.path.divergedAt) return "diverged at step " + x.path.divergedAt;
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
      return "Step " + step + ": " + race.shown.map(function (x) {
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

    let pending = null;
    let sayTimer = null;
    let lastSaid = -Infinity;
    function say(text) {
      pending = text;
      if (sayTimer !== null) return;
      const wait = Math.max(120, lastSaid + SAY_GAP - performance.now());
      sayTimer = tools.later(function () {
        sayTimer = null;
        status.textContent = pending;
        lastSaid = performance.now();
      }, wait);
    }

    // --- pointer and keys: move the start
    let press = null;
    let map = null;
    let chart = null;
    function inMap(px, py) {
      const r = map.rect;
      return px >= r.left - 8 && px <= r.left + r.width + 8 && py >= r.top - 8 && py <= r.top + r.height + 8;
    }
    function fromPointer(event) {
      const rect = layer.canvas.getBoundingClientRect();
      const box = races[which].box;
      const r = map.rect;
      const x = box[0][0] + ((event.clientX - rect.left - r.left) / r.width) * (box[0][1] - box[0][0]);
      const y = box[1][0] + ((r.top + r.height - (event.clientY - rect.top)) / r.height) * (box[1][1] - box[1][0]);
      const snap = races[which].keyStep.map(function (s) {
        return s / 5;
      });
      return [Number((Math.round(x / snap[0]) * snap[0]).toPrecision(12)), Number((Math.round(y / snap[1]) * snap[1]).toPrecision(12))];
    }
    tools.on(layer.canvas, "pointerdown", function (event) {
      if (event.button !== undefined && event.button > 0) return;
      const rect = layer.canvas.getBoundingClientRect();
      if (!inMap(event.clientX - rect.left, event.clientY - rect.top)) return;
      press = { id: event.pointerId, x: event.clientX, y: event.clientY, mouse: event.pointerType === "mouse" };
      if (press.mouse) {
        tools.capture(layer.canvas, event);
        place(fromPointer(event), "pointer");
      }
    });
    tools.on(layer.canvas, "pointermove", function (event) {
      if (press && press.mouse && event.pointerId === press.id) place(fromPointer(event), "pointer");
    });
    tools.on(layer.canvas, "pointerup", function (event) {
      if (!press || event.pointerId !== press.id) return;
      if (!press.mouse && Math.hypot(event.clientX - press.x, event.clientY - press.y) < 10) place(fromPointer(event), "pointer");
      press = null;
    });
    tools.on(layer.canvas, "pointercancel", function () {
      press = null;
    });
    tools.on(layer.canvas, "keydown", function (event) {
      const r = races[which];
      const big = event.shiftKey ? 4 : 1;
      const moves = {
        ArrowLeft: [-r.keyStep[0] * big, 0],
        ArrowRight: [r.keyStep[0] * big, 0],
        ArrowUp: [0, r.keyStep[1] * big],
        ArrowDown: [0, -r.keyStep[1] * big],
      };
      if (moves[event.key]) {
        event.preventDefault();
        const d = moves[event.key];
        place(
          r.start.map(function (c, i) {
            return Number((Math.round((c + d[i]) / r.keyStep[i]) * r.keyStep[i]).toPrecision(12));
          }),
          "key"
        );
      } else if (event.key === "Home") {
        event.preventDefault();
        place(r.spec.start.slice(), "key");
      } else if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        if (phase === "playing") pause();
        else play();
      }
    });

    // --- drawing
    function contours(r) {
      if (r.grid) return r.grid;
      const nx = 97;
      const ny = 73;
      const xs = [];
      const ys = [];
      for (let i = 0; i < nx; i++) xs.push(r.box[0][0] + ((r.box[0][1] - r.box[0][0]) * i) / (nx - 1));
      for (let j = 0; j < ny; j++) ys.push(r.box[1][0] + ((r.box[1][1] - r.box[1][0]) * j) / (ny - 1));
      const values = new Float64Array(nx * ny);
      for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) values[j * nx + i] = r.surface.value([xs[i], ys[j]]);
      r.grid = r.spec.levels.map(function (level) {
        return contour(values, xs, ys, level);
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
      background.width = layer.canvas.width;
      background.height = layer.canvas.height;
      const ctx = background.getContext("2d");
      const colors = tools.colors;
      const style = getComputedStyle(root);
      racerColors = COLORS.map(function (name) {
        return style.getPropertyValue(name).trim();
      });
      ctx.setTransform(layer.ratio, 0, 0, layer.ratio, 0, 0);
      map.axes(ctx, colors, { font: tools.font(12), xLabel: r.labels[0] });
      ctx.font = tools.font(12);
      ctx.fillStyle = colors.ink;
      ctx.textAlign = "left";
      ctx.textBaseline = "top";
      ctx.fillText(r.labels[1], 4, map.rect.top);
      ctx.save();
      map.clip(ctx);
      ctx.strokeStyle = colors.faint;
      ctx.lineWidth = 1;
      contours(r).forEach(function (segments) {
        ctx.beginPath();
        segments.forEach(function (s) {
          ctx.moveTo(map.sx(s[0][0]), map.sy(s[0][1]));
          ctx.lineTo(map.sx(s[1][0]), map.sy(s[1][1]));
        });
        ctx.stroke();
      });
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

    function polyline(ctx, count, x, y) {
      let lastX = NaN;
      let lastY = NaN;
      ctx.beginPath();
      for (let k = 0; k < count; k++) {
        const px = x(k);
        const py = y(k);
        if (!Number.isFinite(px) || !Number.isFinite(py)) continue;
        if (Number.isNaN(lastX)) ctx.moveTo(px, py);
        else if (Math.abs(px - lastX) < 0.5 && Math.abs(py - lastY) < 0.5 && k !== count - 1) continue;
        else ctx.lineTo(px, py);
        lastX = px;
        lastY = py;
      }
      ctx.stroke();
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
      layer.clear();
      ctx.save();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.drawImage(background, 0, 0);
      ctx.restore();
      ctx.lineJoin = "round";
      ctx.lineCap = "round";
      const mr = map.rect;
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
        ctx.strokeStyle = colorOf(x.j);
        ctx.globalAlpha = 0.25;
        ctx.lineWidth = 1.2;
        polyline(ctx, x.stop + 1, mx, my);
        ctx.globalAlpha = 1;
        ctx.lineWidth = 2;
        polyline(ctx, at(x) + 1, mx, my);
      });
      ctx.strokeStyle = colors.ink;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.arc(map.sx(r.start[0]), map.sy(r.start[1]), 6, 0, 2 * Math.PI);
      ctx.stroke();
      ctx.restore();
      race.shown.forEach(function (x) {
        let k = at(x);
        let here = x.path.positions[k];
        if (!here.every(Number.isFinite) && k > 0) here = x.path.positions[--k];
        const px = map.sx(here[0]);
        const py = map.sy(here[1]);
        if (px >= mr.left && px <= mr.left + mr.width && py >= mr.top && py <= mr.top + mr.height) {
          marker(ctx, x.j, px, py, 5.5, colors);
        } else {
          // off the map: an arrow at the edge pointing where it went
          const cx = Math.max(mr.left + 8, Math.min(mr.left + mr.width - 8, px));
          const cy = Math.max(mr.top + 8, Math.min(mr.top + mr.height - 8, py));
          const angle = Math.atan2(py - cy, px - cx);
          tools.arrow(ctx, cx - 16 * Math.cos(angle), cy - 16 * Math.sin(angle), cx, cy, colorOf(x.j), 3);
        }
      });
      drawChart(ctx, colors);
      readouts();
      const label = phase === "playing" ? "Pause" : "Play";
      if (playButton.textContent !== label) playButton.textContent = label;
      const last = step >= race.end || !race.shown.length;
      if (stepButton.disabled !== last) stepButton.disabled = last;
    }

    function drawChart(ctx, colors) {
      const lo = race.logRange[0];
      const hi = race.logRange[1];
      const end = Math.max(race.end, 10) * 1.03;
      const box = tools.plotBox(chart, [0, end], [lo, hi]);
      ctx.font = "700 " + tools.font(12.5);
      ctx.fillStyle = colors.ink;
      ctx.textAlign = "left";
      ctx.textBaseline = "alphabetic";
      ctx.fillText("Loss (log scale) against the step k", chart.left - 40, chart.top - 10);
      box.axes(ctx, colors, { font: tools.font(12), yTicks: [] });
      ctx.font = tools.font(11.5);
      ctx.textAlign = "right";
      ctx.textBaseline = "middle";
      const every = Math.max(1, Math.ceil((hi - lo) / Math.max(2, Math.floor(chart.height / 26))));
      for (let p = Math.ceil(lo); p <= hi; p += every) ctx.fillText(p === 0 ? "1" : "1e" + p, chart.left - 6, box.sy(p));
      ctx.save();
      box.clip(ctx);
      const tolY = box.sy(Math.log10(tolerance));
      ctx.strokeStyle = colors.faint;
      ctx.lineWidth = 1;
      ctx.setLineDash([4, 4]);
      ctx.beginPath();
      ctx.moveTo(chart.left, tolY);
      ctx.lineTo(chart.left + chart.width, tolY);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.strokeStyle = colors.grid;
      ctx.beginPath();
      ctx.moveTo(box.sx(step), chart.top);
      ctx.lineTo(box.sx(step), chart.top + chart.height);
      ctx.stroke();
      const y = function (loss) {
        return loss === 0 ? box.sy(lo - 1) : box.sy(Math.log10(loss));
      };
      race.shown.forEach(function (x) {
        const losses = x.path.losses;
        const k = at(x);
        const cy = function (i) {
          return x.diverged && i === x.path.divergedAt ? NaN : y(losses[i]);
        };
        ctx.strokeStyle = colorOf(x.j);
        ctx.globalAlpha = 0.25;
        ctx.lineWidth = 1.2;
        polyline(ctx, x.stop + 1, box.sx, cy);
        ctx.globalAlpha = 1;
        ctx.lineWidth = 2;
        polyline(ctx, k + 1, box.sx, cy);
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
    status.textContent = waiting();

    return {
      resize: function (width) {
        layout(width);
        redraw();
      },
      repaint: function () {
        paintBackground();
        redraw();
      },
      state: function () {
        const r = races[which];
        return {
          phase: phase,
          step: step,
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
    };
  }

  const widgets = window.gdnotes.widgets;
  widgets.load("optimizers").then(function (optimizers) {
    widgets.define("optimizer-race", function (root, ui, tools) {
      return setup(root, ui, tools, optimizers);
    });
  }, function () {
    // optimizers.js could not be fetched (offline, say): the fallback stays, which still teaches
  });
})();
