// gdnotes widget "regression-trainer" (lesson 8): fit the line y = w x + b to the
// iris petals by gradient descent, a step at a time. Three pictures move
// together: the data with the current line, the contours of the cost J(w, b)
// with the point (w, b) and its path, and the cost above its minimum against
// the step. Step, Train/Pause, Reset; a learning-rate slider and box; a switch
// that trains on the standardised feature instead; the start (w, b) is set by
// clicking or tapping the map, or with the arrow keys.
//
// The math is gdnotes.regression.fit's, step for step: the same moments of the
// data (means summed pairwise, as NumPy sums them, so they are NumPy's to the
// last bit), the same cost and gradient from them, the same stopping rules in
// the same order, with the tolerances and rule names from the config.
(function () {
  "use strict";

  const SAY_GAP = 1000; // ms: the screen reader hears at most one update per second
  const MIN_SPEED = 4; // steps per second when training starts
  const GROWTH = 0.9; // then the speed grows with the step: max(MIN_SPEED, GROWTH * k) steps per second
  const GAP = 16; // px between the two panels

  // ------------------------------------------------------------ the package's math

  // numpy's pairwise summation (np.add.reduce on a contiguous float64 array), term for term.
  function pairwiseSum(a, lo, n) {
    if (n < 8) {
      let s = 0;
      for (let i = 0; i < n; i++) s += a[lo + i];
      return s;
    }
    if (n <= 128) {
      const r = [];
      for (let j = 0; j < 8; j++) r.push(a[lo + j]);
      let i = 8;
      for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] += a[lo + i + j];
      let s = (r[0] + r[1] + (r[2] + r[3])) + (r[4] + r[5] + (r[6] + r[7])); // numpy's order
      for (; i < n; i++) s += a[lo + i];
      return s;
    }
    let half = Math.floor(n / 2);
    half -= half % 8;
    return pairwiseSum(a, lo, half) + pairwiseSum(a, lo + half, n - half);
  }

  function mean(a) {
    return pairwiseSum(a, 0, a.length) / a.length;
  }

  // The moments gdnotes.regression.fit computes its cost and gradient from:
  // J = s (w - w*)^2 + J_min + c^2 with c = w x_bar + b - y_bar.
  function moments(x, y) {
    const xBar = mean(x);
    const yBar = mean(y);
    const xc = x.map(function (v) {
      return v - xBar;
    });
    const yc = y.map(function (v) {
      return v - yBar;
    });
    const spread = mean(
      xc.map(function (v) {
        return v * v;
      })
    );
    const wStar =
      spread > 0
        ? mean(
            xc.map(function (v, i) {
              return v * yc[i];
            })
          ) / spread
        : 0;
    const floor = mean(
      yc.map(function (v, i) {
        const d = v - wStar * xc[i];
        return d * d;
      })
    );
    return { xBar: xBar, yBar: yBar, spread: spread, wStar: wStar, floor: floor, best: [wStar, yBar - wStar * xBar] };
  }

  // gdnotes.regression.fit from `start` with learning rate `rate`: the (w, b), cost and
  // gradient at every step, and the rule that stopped it (the package's name for it).
  // `excess` is the cost above its minimum, s (w - w*)^2 + c^2, for the chart.
  function fit(m, rate, start, rules) {
    const limit = rules.limit;
    const params = [];
    const costs = [];
    const gradients = [];
    const excess = [];
    let w = start[0];
    let b = start[1];
    let stopped = "budget";
    for (;;) {
      const c = w * m.xBar + b - m.yBar;
      const gap = w - m.wStar;
      const value = m.spread * gap * gap + m.floor + c * c;
      const gw = 2 * (m.spread * gap + m.xBar * c);
      const gb = 2 * c;
      params.push([w, b]);
      costs.push(value);
      gradients.push([gw, gb]);
      excess.push(m.spread * gap * gap + c * c);
      const k = costs.length - 1;
      if (!(Number.isFinite(value) && value <= limit && Math.abs(w) <= limit && Math.abs(b) <= limit)) {
        stopped = "diverged";
        break;
      }
      if (rules.gradientTolerance !== null && Math.hypot(gw, gb) < rules.gradientTolerance) {
        stopped = "gradient";
        break;
      }
      if (rules.costTolerance !== null && k >= 1 && Math.abs(costs[k - 1] - value) < rules.costTolerance) {
        stopped = "cost";
        break;
      }
      if (k === rules.maxSteps) break;
      w = w - rate * gw;
      b = b - rate * gb;
    }
    return { params: params, costs: costs, gradients: gradients, excess: excess, stopped: stopped, last: params.length - 1 };
  }

  // ------------------------------------------------------------ helpers

  function clean(value) {
    return Number(value.toPrecision(12));
  }

  // Text with w_z and b_z written with a real subscript.
  function rich(node, text) {
    node.textContent = "";
    const pieces = String(text).split(/([wb])_z/);
    pieces.forEach(function (piece, i) {
      if (i % 2 === 0) {
        if (piece) node.appendChild(document.createTextNode(piece));
      } else {
        node.appendChild(document.createTextNode(piece));
        const sub = document.createElement("sub");
        sub.textContent = "z";
        node.appendChild(sub);
      }
    });
  }

  function setup(root, ui, tools) {
    const config = tools.config;
    const f = tools.format;
    const scaling = config.scaling;
    const features = {
      raw: config.x.slice(),
      // gdnotes.regression.Scaling.apply: (x - mean) / std
      scaled: config.x.map(function (v) {
        return (v - scaling.mean) / scaling.std;
      }),
    };
    const stats = { raw: moments(features.raw, config.y), scaled: moments(features.scaled, config.y) };
    const rules = {
      maxSteps: config.maxSteps,
      costTolerance: config.costTolerance,
      gradientTolerance: config.gradientTolerance,
      limit: config.divergenceLimit,
    };
    const reasons = config.stopReasons;
    const names = { raw: ["w", "b"], scaled: ["w_z", "b_z"] };
    const homes = {};
    const first = config.scaled ? "scaled" : "raw";
    homes[first] = config.start.slice();
    homes[first === "raw" ? "scaled" : "raw"] = first === "raw" ? toScaled(config.start) : toRaw(config.start);

    let mode = first;
    let start = config.start.slice();
    let rate = config.learningRate;
    let run = null;
    let k = 0;
    let playing = false;
    let clock = 0;
    let handle = null;
    let before = null;

    // the same line in the other feature's coordinates
    function toScaled(p) {
      return [p[0] * scaling.std, p[1] + p[0] * scaling.mean];
    }
    // gdnotes.regression.unscale
    function toRaw(p) {
      const w = p[0] / scaling.std;
      return [w, p[1] - w * scaling.mean];
    }
    function inCm(p) {
      return mode === "scaled" ? toRaw(p) : p;
    }

    // --- the page
    const panels = tools.el("div", { class: "gd-rt-panels" });
    ui.appendChild(panels);
    const dataBox = tools.el("div", { class: "gd-rt-panel" });
    const mapBox = tools.el("div", { class: "gd-rt-panel" });
    panels.appendChild(dataBox);
    panels.appendChild(mapBox);
    const dataLayer = tools.canvas(dataBox, { role: "img", "aria-label": "" });
    dataLayer.canvas.style.touchAction = "auto";
    const mapLayer = tools.appCanvas(
      mapBox,
      "contour map",
      "Contour map of the cost J over the weight and the bias. Click or tap it, or use the arrow keys (Shift for bigger " +
        "moves), to set the start (w, b); Home puts it back; Enter or Space trains or pauses. What happens is described below."
    );
    mapLayer.canvas.style.touchAction = "pan-y";
    mapLayer.canvas.style.cursor = "crosshair";
    const curveLayer = tools.canvas(ui, { role: "img", "aria-label": "", class: "gd-canvas gd-rt-curve" });
    curveLayer.canvas.style.touchAction = "auto";
    const mapBackground = document.createElement("canvas");

    const readout = tools.el("p", { class: "gd-readout", "aria-hidden": "true" });
    const stopLine = tools.el("p", { class: "gd-regime gd-rt-stop", "aria-hidden": "true" }, ["Stopping rule: "]);
    const stopName = tools.el("strong", { text: "" });
    const stopWhy = tools.el("span", { class: "gd-rt-why" });
    stopLine.appendChild(stopName);
    stopLine.appendChild(stopWhy);

    const [stepButton, trainButton, resetButton] = tools.buttons(ui, "gd-buttons gd-rt-buttons", [["Step"], ["Train", true], ["Reset"]]);

    const controls = tools.el("div", { class: "gd-controls" });
    ui.appendChild(controls);
    const rateOptions = {
      range: config.modes[mode].rateRange,
      value: rate,
      typedMax: config.modes[mode].maxTypedRate,
      onChange: function (value) {
        setRate(value);
      },
    };
    const rateControl = tools.rateControl(controls, rateOptions);
    const switchId = tools.id + "-scaled";
    const switchBox = tools.el("input", { type: "checkbox", id: switchId, checked: mode === "scaled" });
    controls.appendChild(
      tools.el("div", { class: "gd-control gd-check gd-rt-switch" }, [
        switchBox,
        tools.el("label", { for: switchId, text: "Scale the feature: train on z = (x − " + f(scaling.mean) + ") / " + f(scaling.std) }),
      ])
    );
    ui.appendChild(rateControl.message);
    // what changes length as the run goes sits below the controls, so that they never move under the pointer
    ui.appendChild(readout);
    ui.appendChild(stopLine);
    const status = tools.status(ui);
    tools.legend(ui, [
      ["--gd-w-curve", "flowers (petal length, width)"],
      ["--gd-w-path", "the current line, and (w, b) with its path"],
      ["--gd-w-faint", "cost contours (★ its minimum); dashed: the least-squares line"],
    ]);
    const rulesNote = tools.el("p", { class: "gd-readout gd-rt-rules" });
    ui.appendChild(rulesNote);
    const ruleWords = [];
    if (rules.costTolerance !== null) ruleWords.push("the cost changes by less than " + f(rules.costTolerance) + " in one step");
    if (rules.gradientTolerance !== null) ruleWords.push("the gradient is shorter than " + f(rules.gradientTolerance));
    ruleWords.push("after " + rules.maxSteps + " steps");
    rulesNote.textContent =
      "Training stops when " + ruleWords.join(", when ").replace(/, when after/, ", or after") + ", and when it diverges (cost or |w|, |b| past " +
      f(rules.limit) + ").";

    tools.on(stepButton, "click", function () {
      stepOnce();
    });
    tools.on(trainButton, "click", function () {
      if (playing) pause();
      else train();
    });
    tools.on(resetButton, "click", function () {
      reset();
    });
    tools.on(switchBox, "change", function () {
      setMode(switchBox.checked ? "scaled" : "raw");
    });

    // --- the run
    function compute() {
      run = fit(stats[mode], rate, start, rules);
    }

    function phase() {
      if (playing) return "playing";
      if (k >= run.last) return "done";
      return k === 0 ? "ready" : "paused";
    }

    function train() {
      stopFrames();
      if (k >= run.last) k = 0;
      if (tools.reducedMotion()) {
        k = run.last;
        redraw();
        say(ending());
        return;
      }
      playing = true;
      clock = k;
      before = null;
      handle = tools.frame(tick);
      redraw();
      say("Training with α = " + f(rate) + " from step " + k + ".");
    }

    function tick(time) {
      handle = null;
      if (before !== null) {
        const speed = Math.max(MIN_SPEED, GROWTH * clock);
        clock = Math.min(run.last, clock + (Math.min(time - before, 100) / 1000) * speed);
      }
      before = time;
      const next = Math.floor(clock);
      if (next !== k) {
        k = next;
        redraw();
      }
      if (k >= run.last) {
        playing = false;
        redraw();
        say(ending());
        return;
      }
      handle = tools.frame(tick);
    }

    function stopFrames() {
      if (handle !== null) tools.cancelFrame(handle);
      handle = null;
      playing = false;
    }

    function pause() {
      stopFrames();
      redraw();
      say(k >= run.last ? ending() : "Paused. " + snapshot());
    }

    function stepOnce() {
      stopFrames();
      if (k < run.last) k += 1;
      redraw();
      say(k >= run.last ? ending() : snapshot());
    }

    function reset() {
      stopFrames();
      k = 0;
      redraw();
      say(waiting());
    }

    function setRate(value) {
      rate = value;
      compute();
      if (k > run.last) k = run.last;
      if (playing && k >= run.last) stopFrames();
      if (playing) clock = Math.min(clock, run.last);
      redraw();
      const words = "α = " + f(rate) + ", " + share() + ".";
      say(phase() === "done" && k > 0 ? words + " " + ending() : words);
    }

    // Switch the feature: the start becomes the same line in the new coordinates,
    // the rate the same fraction of the new stability limit, and the run starts over.
    function setMode(next) {
      if (next === mode) return;
      stopFrames();
      const old = config.modes[mode];
      const fresh = config.modes[next];
      start = (next === "scaled" ? toScaled(start) : toRaw(start)).map(clean);
      rate = matchingRate(rate, old.limit, fresh);
      mode = next;
      rateOptions.typedMax = fresh.maxTypedRate;
      rateControl.slider.min = String(fresh.rateRange[0]);
      rateControl.slider.max = String(fresh.rateRange[1]);
      rateControl.slider.step = String(fresh.rateRange[2]);
      rateControl.set(rate);
      k = 0;
      compute();
      paintMap();
      redraw();
      say(
        (mode === "scaled"
          ? "Feature scaled: the model is now ŷ = w_z z + b_z with z = (x − " + f(scaling.mean) + ") / " + f(scaling.std) +
            ", and the cost's contours are round. "
          : "Raw feature: the model is ŷ = w x + b again, and the cost's contours are a long thin valley. ") +
          "The same start line, now " + pair(start) + "; α = " + f(rate) + ", the same " + share() + ". " + "Press Train or Step."
      );
    }

    function matchingRate(value, oldLimit, fresh) {
      const range = fresh.rateRange;
      let next = (value / oldLimit) * fresh.limit;
      next = next <= range[1] ? Math.round(next / range[2]) * range[2] : Number(next.toPrecision(3));
      return Math.min(Math.max(clean(next), range[0]), fresh.maxTypedRate);
    }

    function place(point, source) {
      const bounds = config.modes[mode].bounds;
      stopFrames();
      start = point.map(function (c, i) {
        return clean(Math.max(bounds[i][0], Math.min(bounds[i][1], c)));
      });
      k = 0;
      compute();
      redraw();
      say((source === "key" ? "" : "Start set. ") + waiting());
    }

    // --- words
    function share() {
      const limit = config.modes[mode].limit;
      return f((100 * rate) / limit, 3) + "% of the largest stable rate " + f(limit) + (mode === "scaled" ? " for the scaled feature" : "");
    }

    function pair(p) {
      return "(" + names[mode].join(", ") + ") = " + tools.point(p);
    }

    function lineWords(p) {
      const cm = inCm(p);
      return "ŷ = " + f(cm[0]) + " x " + (cm[1] < 0 ? "− " + f(-cm[1]) : "+ " + f(cm[1]));
    }

    function here() {
      const p = run.params[k];
      const g = run.gradients[k];
      return pair(p) + ", cost J = " + f(run.costs[k]) + ", gradient length " + f(Math.hypot(g[0], g[1]));
    }

    function waiting() {
      return "Ready at step 0 with " + here() + "; α = " + f(rate) + " (" + share() + "). Press Train, or Step for one step at a time.";
    }

    function snapshot() {
      return "Step " + k + ": " + here() + ".";
    }

    function ending() {
      const last = run.last;
      const p = run.params[last];
      const g = run.gradients[last];
      const best = stats[mode].best;
      if (run.stopped === "diverged") {
        return (
          "Diverged at step " + last + ": the cost (or w, b) passed " + f(rules.limit) + " and training stopped. α = " + f(rate) +
          " is " + share() + ": every step overshoots the valley by more than the last. Try a smaller α" +
          (mode === "raw" ? ", or scale the feature." : ".")
        );
      }
      let why;
      if (run.stopped === "cost") {
        const change = Math.abs(run.costs[last - 1] - run.costs[last]);
        why = "by the " + reasons.cost + " rule: the cost changed by " + f(change) + ", less than " + f(rules.costTolerance);
      } else if (run.stopped === "gradient") {
        why = "by the " + reasons.gradient + " rule: the gradient's length " + f(Math.hypot(g[0], g[1])) + " is below " + f(rules.gradientTolerance);
      } else {
        why = "by the " + reasons.budget + ": " + rules.maxSteps + " steps taken, gradient length still " + f(Math.hypot(g[0], g[1]));
      }
      return (
        "Stopped at step " + last + " " + why + ". " + pair(p) + ", cost J = " + f(run.costs[last]) + ", the line " + lineWords(p) +
        " (least squares: " + lineWords(best) + ")."
      );
    }

    // Screen readers hear at most one update per SAY_GAP; a newer sentence replaces one still waiting.
    let pending = null;
    let sayTimer = null;
    let lastSaid = -Infinity;
    function say(text) {
      pending = text;
      if (sayTimer !== null) return;
      const wait = Math.max(120, lastSaid + SAY_GAP - performance.now());
      sayTimer = tools.later(function () {
        sayTimer = null;
        rich(status, pending);
        lastSaid = performance.now();
      }, wait);
    }

    // --- pointer and keys on the map: set the start
    let press = null;
    function fromPointer(event) {
      const rect = mapLayer.canvas.getBoundingClientRect();
      const r = map.rect;
      const bounds = config.modes[mode].bounds;
      const grain = config.modes[mode].keyStep / 2;
      const px = event.clientX - rect.left;
      const py = event.clientY - rect.top;
      const w = bounds[0][0] + ((px - r.left) / r.width) * (bounds[0][1] - bounds[0][0]);
      const b = bounds[1][0] + ((r.top + r.height - py) / r.height) * (bounds[1][1] - bounds[1][0]);
      return [Math.round(w / grain) * grain, Math.round(b / grain) * grain];
    }
    tools.on(mapLayer.canvas, "pointerdown", function (event) {
      if (event.button !== undefined && event.button > 0) return;
      press = { id: event.pointerId, x: event.clientX, y: event.clientY, mouse: event.pointerType === "mouse" };
      if (press.mouse) {
        tools.capture(mapLayer.canvas, event);
        place(fromPointer(event), "pointer");
      }
    });
    tools.on(mapLayer.canvas, "pointermove", function (event) {
      if (press && press.mouse && event.pointerId === press.id) place(fromPointer(event), "pointer");
    });
    tools.on(mapLayer.canvas, "pointerup", function (event) {
      if (!press || event.pointerId !== press.id) return;
      if (!press.mouse && Math.hypot(event.clientX - press.x, event.clientY - press.y) < 10) place(fromPointer(event), "pointer");
      press = null;
    });
    tools.on(mapLayer.canvas, "pointercancel", function () {
      press = null;
    });
    tools.on(mapLayer.canvas, "keydown", function (event) {
      const step = config.modes[mode].keyStep * (event.shiftKey ? 5 : 1);
      const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
      const from = run.params[0];
      if (moves[event.key]) {
        event.preventDefault();
        const d = moves[event.key];
        const grain = config.modes[mode].keyStep;
        // land on the key step's grid, so that the numbers stay round
        place(
          from.map(function (c, i) {
            return Math.round((c + d[i]) / grain) * grain;
          }),
          "key"
        );
      } else if (event.key === "Home") {
        event.preventDefault();
        place(homes[mode].slice(), "key");
      } else if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        if (playing) pause();
        else train();
      }
    });

    // --- drawing
    let scatter = null;
    let map = null;
    let chart = null;
    const xs = config.x;
    const ys = config.y;
    const xTop = Math.ceil(Math.max.apply(null, xs)) + 0.5;
    const yLow = Math.min(0, Math.min.apply(null, ys)) - 0.4;
    const yTop = Math.ceil(Math.max.apply(null, ys) * 1.2 * 2) / 2;

    function layout(width) {
      const side = width >= 560;
      const panel = side ? Math.floor((width - GAP) / 2) : width;
      dataBox.style.width = panel + "px";
      mapBox.style.width = panel + "px";
      const left = 44;
      const right = 10;
      const top = 24;
      const bottom = 30;
      const square = panel - left - right;
      const mapHeight = square + top + bottom;
      const dataHeight = side ? mapHeight : Math.round(Math.max(200, Math.min(260, width * 0.68)));
      dataLayer.size(panel, dataHeight);
      mapLayer.size(panel, mapHeight);
      scatter = tools.plotBox({ left: left, top: top, width: square, height: dataHeight - top - bottom }, [0, xTop], [yLow, yTop]);
      map = { rect: { left: left, top: top, width: square, height: square } };
      const chartHeight = side ? 156 : 146;
      curveLayer.size(width, chartHeight);
      chart = { left: left, top: 26, width: width - left - right, height: chartHeight - 26 - 44 };
      paintMap();
    }

    // A label with w_z or b_z drawn with a subscript z.
    function label(ctx, text, x, y, align) {
      const sub = /_z$/.test(text);
      const main = sub ? text.slice(0, -2) : text;
      ctx.textAlign = "left";
      const width = ctx.measureText(main).width + (sub ? ctx.measureText("z").width * 0.8 : 0);
      const x0 = align === "right" ? x - width : align === "center" ? x - width / 2 : x;
      ctx.fillText(main, x0, y);
      if (sub) {
        const font = ctx.font;
        ctx.font = tools.font(9.5);
        ctx.fillText("z", x0 + ctx.measureText(main).width, y + 4);
        ctx.font = font;
      }
    }

    // The map's contours and axes change only with the size, the palette or the feature: drawn once, copied on each frame.
    function paintMap() {
      const bounds = config.modes[mode].bounds;
      const box = tools.plotBox(map.rect, bounds[0], bounds[1]);
      map.box = box;
      mapBackground.width = mapLayer.canvas.width;
      mapBackground.height = mapLayer.canvas.height;
      const ctx = mapBackground.getContext("2d");
      const colors = tools.colors;
      const m = stats[mode];
      ctx.setTransform(mapLayer.ratio, 0, 0, mapLayer.ratio, 0, 0);
      box.axes(ctx, colors, { font: tools.font(12) });
      ctx.font = tools.font(12.5);
      ctx.fillStyle = colors.ink;
      ctx.textBaseline = "alphabetic";
      label(ctx, names[mode][0], map.rect.left + map.rect.width - 4, map.rect.top + map.rect.height - 6, "right");
      label(ctx, names[mode][1], map.rect.left - 4, map.rect.top - 8, "left");
      ctx.save();
      box.clip(ctx);
      // J - J_min = s dw^2 + (x_bar dw + db)^2: ellipses, exactly; rings evenly spaced
      const corners = [];
      bounds[0].forEach(function (w) {
        bounds[1].forEach(function (b) {
          const c = w * m.xBar + b - m.yBar;
          corners.push(m.spread * (w - m.wStar) * (w - m.wStar) + c * c);
        });
      });
      const top = Math.max.apply(null, corners);
      const rings = 14;
      ctx.strokeStyle = colors.faint;
      ctx.lineWidth = 1;
      for (let i = 1; i <= rings; i++) {
        const radius = Math.sqrt(top) * (i / rings);
        ctx.beginPath();
        for (let j = 0; j <= 180; j++) {
          const t = (2 * Math.PI * j) / 180;
          const dw = (radius * Math.cos(t)) / Math.sqrt(m.spread);
          const db = radius * Math.sin(t) - m.xBar * dw;
          const px = box.sx(m.best[0] + dw);
          const py = box.sy(m.best[1] + db);
          if (j === 0) ctx.moveTo(px, py);
          else ctx.lineTo(px, py);
        }
        ctx.stroke();
      }
      // the least-squares minimum
      star(ctx, box.sx(m.best[0]), box.sy(m.best[1]), 7, colors.ink);
      ctx.restore();
    }

    function star(ctx, x, y, radius, color) {
      ctx.save();
      ctx.fillStyle = color;
      tools.star(ctx, x, y, radius);
      ctx.fill();
      ctx.restore();
    }

    function redraw() {
      tools.timed(draw);
    }

    // A polyline through screen points, leaving out points less than half a pixel from the last one drawn.
    function polyline(ctx, count, point) {
      let lastX = NaN;
      let lastY = NaN;
      ctx.beginPath();
      for (let j = 0; j < count; j++) {
        const p = point(j);
        if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) continue;
        if (Number.isNaN(lastX)) ctx.moveTo(p[0], p[1]);
        else if (Math.abs(p[0] - lastX) < 0.5 && Math.abs(p[1] - lastY) < 0.5 && j !== count - 1) continue;
        else ctx.lineTo(p[0], p[1]);
        lastX = p[0];
        lastY = p[1];
      }
      ctx.stroke();
    }

    // The point, or once it has left the map an arrow at the edge pointing where it went.
    function marble(ctx, box, p, colors) {
      const r = box.rect;
      const px = box.sx(p[0]);
      const py = box.sy(p[1]);
      if (px >= r.left && px <= r.left + r.width && py >= r.top && py <= r.top + r.height) {
        tools.marble(ctx, px, py, 6.5, colors);
        return;
      }
      const cx = Math.max(r.left + 8, Math.min(r.left + r.width - 8, Number.isFinite(px) ? px : r.left + r.width));
      const cy = Math.max(r.top + 8, Math.min(r.top + r.height - 8, Number.isFinite(py) ? py : r.top));
      const angle = Math.atan2(py - cy, px - cx);
      tools.arrow(ctx, cx - 16 * Math.cos(angle), cy - 16 * Math.sin(angle), cx, cy, colors.marble, 3);
    }

    // The last finite point of the run up to step j (a diverged step may hold inf or NaN).
    function shownPoint(j) {
      while (j > 0 && !run.params[j].every(Number.isFinite)) j--;
      return run.params[j];
    }

    function draw() {
      const colors = tools.colors;
      drawData(colors);
      drawMap(colors);
      drawCurve(colors);
      readouts();
    }

    function drawData(colors) {
      const ctx = dataLayer.ctx;
      const box = scatter;
      dataLayer.clear();
      box.axes(ctx, colors, { font: tools.font(12), xLabel: config.labels[0], yLabel: config.labels[1] });
      const p = inCm(shownPoint(k));
      const best = inCm(stats[mode].best);
      const lineAt = function (line, x) {
        return line[0] * x + line[1];
      };
      ctx.save();
      box.clip(ctx);
      // the residuals: what the cost squares and averages
      ctx.strokeStyle = colors.grid;
      ctx.lineWidth = 1;
      ctx.beginPath();
      for (let i = 0; i < xs.length; i++) {
        ctx.moveTo(box.sx(xs[i]), box.sy(ys[i]));
        ctx.lineTo(box.sx(xs[i]), box.sy(lineAt(p, xs[i])));
      }
      ctx.stroke();
      ctx.fillStyle = colors.curve;
      ctx.globalAlpha = 0.55;
      for (let i = 0; i < xs.length; i++) {
        ctx.beginPath();
        ctx.arc(box.sx(xs[i]), box.sy(ys[i]), 3, 0, 2 * Math.PI);
        ctx.fill();
      }
      ctx.globalAlpha = 1;
      ctx.strokeStyle = colors.ink;
      ctx.globalAlpha = 0.55;
      ctx.setLineDash([5, 4]);
      ctx.lineWidth = 1.2;
      ctx.beginPath();
      ctx.moveTo(box.sx(0), box.sy(lineAt(best, 0)));
      ctx.lineTo(box.sx(xTop), box.sy(lineAt(best, xTop)));
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.globalAlpha = 1;
      ctx.strokeStyle = colors.path;
      ctx.lineWidth = 2.5;
      ctx.beginPath();
      ctx.moveTo(box.sx(0), box.sy(lineAt(p, 0)));
      ctx.lineTo(box.sx(xTop), box.sy(lineAt(p, xTop)));
      ctx.stroke();
      ctx.restore();
      dataLayer.canvas.setAttribute(
        "aria-label",
        "The " + xs.length + " flowers, petal width against petal length, with the current line " + lineWords(shownPoint(k)) +
          " and, dashed, the least-squares line " + lineWords(stats[mode].best) + "."
      );
    }

    function drawMap(colors) {
      const ctx = mapLayer.ctx;
      const box = map.box;
      mapLayer.clear();
      ctx.save();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.drawImage(mapBackground, 0, 0);
      ctx.restore();
      ctx.lineJoin = "round";
      ctx.lineCap = "round";
      const params = run.params;
      ctx.save();
      box.clip(ctx);
      // the whole run, faint; the steps taken so far, solid
      ctx.strokeStyle = colors.path;
      ctx.globalAlpha = 0.3;
      ctx.lineWidth = 1.2;
      polyline(ctx, run.last + 1, function (j) {
        return [box.sx(params[j][0]), box.sy(params[j][1])];
      });
      ctx.globalAlpha = 1;
      ctx.lineWidth = 2;
      polyline(ctx, k + 1, function (j) {
        return [box.sx(params[j][0]), box.sy(params[j][1])];
      });
      ctx.fillStyle = colors.path;
      for (let j = Math.max(0, k - 30); j <= k; j++) {
        if (!params[j].every(Number.isFinite)) continue;
        ctx.beginPath();
        ctx.arc(box.sx(params[j][0]), box.sy(params[j][1]), 2.2, 0, 2 * Math.PI);
        ctx.fill();
      }
      // the start
      tools.ring(ctx, box.sx(start[0]), box.sy(start[1]), 5.5, colors.ink);
      ctx.restore();
      marble(ctx, box, shownPoint(k), colors);
    }

    function drawCurve(colors) {
      const ctx = curveLayer.ctx;
      curveLayer.clear();
      const excess = run.excess;
      let low = Infinity;
      let high = -Infinity;
      for (let j = 0; j <= run.last; j++) {
        const e = excess[j];
        if (e > 0 && Number.isFinite(e)) {
          low = Math.min(low, Math.log10(e));
          high = Math.max(high, Math.log10(e));
        }
      }
      if (!Number.isFinite(low)) {
        low = -1;
        high = 1;
      }
      const hi = Math.ceil(high + 0.05);
      const lo = Math.max(Math.floor(low - 0.05), hi - 18);
      const end = Math.max(10, k);
      const box = tools.plotBox(chart, [0, end], [lo, hi === lo ? lo + 1 : hi]);
      ctx.font = "700 " + tools.font(12);
      ctx.fillStyle = colors.ink;
      ctx.textAlign = "left";
      ctx.textBaseline = "alphabetic";
      ctx.fillText("Cost above its minimum, J − J* (log scale)", 4, 16);
      const every = Math.max(1, tools.nice(end / Math.max(2, Math.floor(chart.width / 56))));
      const xTicks = [];
      for (let t = 0; t <= end; t += every) xTicks.push(t);
      box.axes(ctx, colors, { font: tools.font(12), xTicks: xTicks, yTicks: [] });
      ctx.font = tools.font(12);
      ctx.fillStyle = colors.ink;
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      ctx.fillText("step k", chart.left + chart.width / 2, chart.top + chart.height + 21);
      ctx.font = tools.font(11.5);
      ctx.textAlign = "right";
      ctx.textBaseline = "middle";
      const powers = Math.max(1, Math.ceil((hi - lo) / Math.max(1, Math.floor(chart.height / 22))));
      for (let q = hi; q >= lo; q -= powers) ctx.fillText(f(Math.pow(10, q), 2), chart.left - 6, box.sy(q));
      ctx.save();
      box.clip(ctx);
      const y = function (e) {
        return e === 0 ? box.sy(lo - 1) : box.sy(Math.log10(e));
      };
      ctx.strokeStyle = colors.path;
      ctx.lineWidth = 2;
      ctx.lineJoin = "round";
      polyline(ctx, k + 1, function (j) {
        return [box.sx(j), y(excess[j])];
      });
      const e = excess[k];
      if (Number.isFinite(e) && k < run.last + 1 && (run.stopped !== "diverged" || k < run.last)) {
        ctx.fillStyle = colors.marble;
        ctx.beginPath();
        ctx.arc(box.sx(k), Math.max(chart.top + 2, Math.min(chart.top + chart.height - 2, y(e))), 4, 0, 2 * Math.PI);
        ctx.fill();
      } else {
        const x = Math.min(chart.left + chart.width - 6, box.sx(k));
        tools.arrow(ctx, x, chart.top + 18, x, chart.top + 2, colors.marble, 3);
      }
      ctx.restore();
      curveLayer.canvas.setAttribute(
        "aria-label",
        "The cost above its minimum against the step, on a log scale, from step 0 to step " + k + ": " + f(excess[0]) + " at the start, " +
          f(e) + " now."
      );
    }

    function readouts() {
      const p = run.params[k];
      const g = run.gradients[k];
      const n = names[mode];
      const parts = [
        "step " + k,
        n[0] + " = " + f(p[0]),
        n[1] + " = " + f(p[1]),
        "J = " + f(run.costs[k]),
        "|∇J| = " + f(Math.hypot(g[0], g[1])),
        "line: " + lineWords(p),
      ];
      readout.textContent = "";
      parts.forEach(function (part, i) {
        if (i) readout.appendChild(document.createTextNode(" · "));
        const span = tools.el("span", { class: "gd-part" });
        rich(span, part);
        readout.appendChild(span);
      });
      if (k >= run.last) {
        stopName.textContent = reasons[run.stopped];
        const why = {
          cost: " — the cost changed by less than " + f(rules.costTolerance) + " at step " + run.last,
          gradient: " — the gradient got shorter than " + f(rules.gradientTolerance) + " at step " + run.last,
          budget: " — " + rules.maxSteps + " steps taken",
          diverged: " at step " + run.last + ": α is above the largest stable rate; try a smaller one",
        }[run.stopped];
        stopWhy.textContent = why;
        stopLine.classList.toggle("gd-rt-diverged", run.stopped === "diverged");
      } else {
        stopName.textContent = "none yet";
        stopWhy.textContent = playing ? " — training" : "";
        stopLine.classList.remove("gd-rt-diverged");
      }
      trainButton.textContent = playing ? "Pause" : "Train";
      stepButton.disabled = k >= run.last;
    }

    compute();
    rich(status, waiting());

    return tools.hooks(layout, paintMap, draw, {
      state: function () {
        const p = run.params[k];
        const g = run.gradients[k];
        return {
          phase: phase(),
          k: k,
          last: run.last,
          mode: mode,
          rate: rate,
          start: start.slice(),
          w: p[0],
          b: p[1],
          cost: run.costs[k],
          gradientNorm: Math.hypot(g[0], g[1]),
          stoppedBy: k >= run.last ? reasons[run.stopped] : null,
        };
      },
      // Test hooks: the run drawn now, and a run with any settings, as gdnotes.regression.fit reports them.
      run: function () {
        return { params: run.params, costs: run.costs, gradients: run.gradients, stoppedBy: reasons[run.stopped] };
      },
      fit: function (which, learningRate, from, options) {
        const r = fit(stats[which], learningRate, from, Object.assign({}, rules, options || {}));
        return { params: r.params, costs: r.costs, gradients: r.gradients, stoppedBy: reasons[r.stopped] };
      },
    });
  }

  window.gdnotes.widgets.define("regression-trainer", setup);
})();
