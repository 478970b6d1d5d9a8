// gdnotes widget "nonconvex-stepper" (lesson 6): gradient descent stepped by
// hand on a 1-D loss with two minima. The reader picks the start (slider, typed
// number, or a tap on the curve) and the learning rate, then steps, runs ten
// steps or resets. The marble and its trail move on the curve; x, f(x), f'(x)
// and the step count are shown and said. A run is computed once per (start,
// rate) by the layer's `descend` (the package's update and divergence rule);
// where it settles follows gdnotes.widgets.settling (the layer's `settling`).
(function () {
  "use strict";

  const STEPS_PER_SECOND = 8;

  function setup(root, ui, tools) {
    const { config, surface, format: f } = tools;
    const label = surface.labels[0];
    const bounds = surface.bounds[0];
    const { minima, steps } = config;

    let x0 = config.start;
    let rate = config.learningRate;
    let run = null; // {path, xs, ends}
    let position = 0; // where the marble is, in steps (fractional while it moves)
    let target = 0; // the step it is moving to

    // --- what the widget adds
    const layer = tools.canvas(ui, { role: "img", "aria-label": "" });
    layer.canvas.style.touchAction = "manipulation";
    layer.canvas.style.cursor = "pointer";
    const readout = tools.el("p", { class: "gd-readout gd-readout-strong", "aria-hidden": "true" });
    const where = tools.el("p", { class: "gd-regime" }, ["Where the marble is: ", tools.el("strong", { text: "" })]);
    ui.appendChild(readout);
    ui.appendChild(where);

    const [stepButton, runButton, resetButton] = tools.buttons(ui, "gd-buttons", [["Step", true], ["Run 10 steps"], ["Reset"]]);

    const controls = tools.el("div", { class: "gd-controls" });
    ui.appendChild(controls);
    // The start: a slider over the bounds and a box for any value inside them.
    const start = tools.numberControl(controls, {
      key: "start",
      label: "Start " + label + "₀",
      typedLabel: "or type " + label + "₀",
      range: [bounds[0], bounds[1], config.startStep],
      value: x0,
      parse: function (text) {
        return tools.parseNumber(text, "the start " + label + "₀", bounds[0], bounds[1]);
      },
      onChange: function (value) {
        x0 = value;
        restart();
      },
      wrapTyped: true,
    });
    const rateControl = tools.rateControl(controls, { value: rate, onChange: setRate });
    ui.appendChild(start.message);
    ui.appendChild(rateControl.message);
    const status = tools.status(ui);
    tools.legend(ui, [
      ["--gd-w-curve", "the loss f(" + label + ") = " + surface.spec.formula],
      ["--gd-w-marble", "the marble and its steps so far"],
      ["--gd-w-gradient", "the slope f′(" + label + ")"],
      ["--gd-w-descent", "the next step −α f′(" + label + ")"],
    ]);

    // --- actions
    tools.on(stepButton, "click", function () {
      go(Math.min(run.path.last, target + 1));
    });
    tools.on(runButton, "click", function () {
      go(Math.min(run.path.last, target + 10));
    });
    tools.on(resetButton, "click", function () {
      restart();
    });
    // A tap or click on the curve puts the marble there.
    tools.on(layer.canvas, "click", function (event) {
      const rect = layer.canvas.getBoundingClientRect();
      const r = plot.rect;
      const x = bounds[0] + ((event.clientX - rect.left - r.left) / r.width) * (bounds[1] - bounds[0]);
      x0 = Math.round(Math.max(bounds[0], Math.min(bounds[1], x)) * 100) / 100;
      start.set(x0);
      restart();
    });

    function compute() {
      run = tools.walk(x0, rate, steps);
      run.ends = tools.settling(run.path, minima, config.tolerance);
    }

    function setRate(value) {
      rate = value;
      restart();
    }

    function restart() {
      stop();
      compute();
      position = 0;
      target = 0;
      settle();
    }

    function go(next) {
      target = next;
      if (tools.reducedMotion() || target === position) {
        stop();
        position = target;
        settle();
        return;
      }
      motion.start();
      buttons();
    }

    // The marble rolls from `position` to `target`, then settles.
    const motion = tools.tween({
      speed: function () {
        return STEPS_PER_SECOND;
      },
      goal: function () {
        return target;
      },
      value: function () {
        return position;
      },
      set: function (value) {
        position = value;
      },
      draw: draw,
      done: settle,
    });
    function stop() {
      motion.stop();
    }

    // The marble is at rest on step `position`: draw, update the words and the buttons.
    function settle() {
      tools.timed(draw);
      buttons();
      say();
    }

    function buttons() {
      const done = target >= run.path.last;
      stepButton.disabled = done;
      runButton.disabled = done;
    }

    function outcome(k) {
      const ends = run.ends;
      if (ends.label === -2 && k >= ends.step) return "diverged: the run was stopped";
      if (ends.label >= 0 && k >= ends.step) return "settled in the " + minima[ends.label].name;
      if (k >= steps) return "still moving after " + steps + " steps";
      return k === 0 ? "at the start" : "on its way";
    }

    function say() {
      const k = Math.round(position);
      const path = run.path;
      const x = run.xs[k];
      const ends = run.ends;
      let text = (k === 0 ? "At the start: " + label + "₀ = " : "Step " + k + ": " + label + " = ") + f(x);
      if (k === path.divergedAt) {
        text +=
          ", f(" + label + ") = " + f(path.losses[k]) + ". The size of " + label + " or of f(" + label + ") passed " +
          f(config.divergenceLimit) + ", so the run diverged and was stopped. Reset it, or choose a smaller α.";
        status.textContent = text;
        return;
      }
      const slope = path.gradients[k][0];
      text += ", f(" + label + ") = " + f(path.losses[k]) + ", slope f′(" + label + ") = " + f(slope) + ".";
      if (ends.label >= 0 && k >= ends.step) {
        const m = minima[ends.label];
        text +=
          " The marble has settled in the " + m.name + " at " + label + " = " + f(m.point[0]) + ": from step " + ends.step +
          " on it stays within " + f(config.tolerance) + " of it.";
      } else if (k >= steps) {
        text += " That is the last of the " + steps + " steps this stepper takes, and the run has not settled in a minimum.";
      } else if (k < path.last) {
        text += " Next: " + label + " ← " + f(x) + " − " + f(rate) + " × " + f(slope) + " = " + f(run.xs[k + 1]) + ".";
      }
      status.textContent = text;
    }

    // --- drawing
    let plot = null;
    const yRange = tools.span((v) => surface.value([v]), bounds[0], bounds[1], 200);
    const span = yRange[1] - yRange[0];
    yRange[0] -= 0.3 * span;
    yRange[1] += 0.04 * span;

    function layout(width) {
      layer.size(width, Math.max(220, Math.min(320, width * 0.5)));
      plot = tools.plotBox({ left: 44, top: 24, width: layer.width - 44 - 14, height: layer.height - 24 - 30 }, bounds, yRange);
    }

    function inside(px, py) {
      const r = plot.rect;
      return px >= r.left && px <= r.left + r.width && py >= r.top && py <= r.top + r.height;
    }

    function draw() {
      const ctx = layer.ctx;
      const colors = tools.colors;
      const path = run.path;
      const xs = run.xs;
      const reached = Math.floor(position);
      const t = position - reached;
      const sx = plot.sx;
      const sy = plot.sy;
      layer.clear();
      plot.axes(ctx, colors, { font: tools.font(12), xLabel: label, yLabel: "f(" + label + ")" });

      ctx.save();
      plot.clip(ctx);
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      // the curve
      ctx.strokeStyle = colors.curve;
      ctx.lineWidth = 2;
      tools.graph(ctx, plot, (v) => surface.value([v]), bounds[0], bounds[1], 200);
      // the start
      tools.ring(ctx, sx(xs[0]), sy(path.losses[0]), 9, colors.marble);
      // the trail: the iterates so far, joined by their hops
      tools.hops(ctx, reached, (i) => sx(xs[i]), (i) => sy(path.losses[i]), reached, 3, { color: colors.path, alpha: 0.55, width: 1.3 });

      const x = xs[reached];
      const y = path.losses[reached];
      const resting = t === 0;
      if (resting && reached !== path.divergedAt) {
        // the slope the marble feels, and the step it is about to take
        const slope = path.gradients[reached][0];
        tools.tangent(ctx, plot, x, y, slope, (bounds[1] - bounds[0]) * 0.09, colors.gradient);
        if (reached < path.last) {
          const floor = plot.rect.top + plot.rect.height - 6;
          tools.arrow(ctx, sx(x), floor, sx(xs[reached + 1]), floor, colors.descent, 2);
        }
      }
      ctx.restore();

      // the minima, named under the curve
      ctx.fillStyle = colors.ink;
      ctx.font = tools.font(11);
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      minima.forEach(function (m) {
        const px = sx(m.point[0]);
        const py = sy(m.loss);
        ctx.beginPath();
        ctx.moveTo(px, py + 4);
        ctx.lineTo(px - 5, py + 12);
        ctx.lineTo(px + 5, py + 12);
        ctx.closePath();
        ctx.fill();
        ctx.fillText(m.name, Math.max(plot.rect.left + 40, Math.min(plot.rect.left + plot.rect.width - 40, px)), py + 15);
      });

      // the marble, between iterate `reached` and the next while it moves
      const next = reached < path.last ? reached + 1 : reached;
      const mx = x + (xs[next] - x) * t;
      const my = y + (path.losses[next] - y) * t;
      const px = sx(mx);
      const py = sy(my);
      if (Number.isFinite(mx) && inside(px, py)) {
        tools.marble(ctx, px, py, 7.5, colors);
      } else {
        // it left the picture: an arrow at the edge points where it went
        const r = plot.rect;
        const cx = Math.max(r.left + 8, Math.min(r.left + r.width - 8, Number.isFinite(px) ? px : r.left + r.width));
        const cy = Math.max(r.top + 8, Math.min(r.top + r.height - 8, Number.isFinite(py) ? py : r.top));
        const angle = Math.atan2(py - cy, px - cx) || -Math.PI / 2;
        tools.arrow(ctx, cx - 16 * Math.cos(angle), cy - 16 * Math.sin(angle), cx, cy, colors.marble, 3);
      }

      const k = reached;
      const parts = ["step " + k, label + " = " + f(xs[k]), "f(" + label + ") = " + f(path.losses[k])];
      parts.push("f′(" + label + ") = " + (k === path.divergedAt ? "—" : f(path.gradients[k][0])));
      tools.parts(readout, parts);
      where.lastChild.textContent = outcome(k);
      layer.canvas.setAttribute(
        "aria-label",
        "The curve f(" + label + ") = " + surface.spec.formula + " with the marble at " + label + " = " + f(xs[k]) + " after " + k +
          " steps from " + label + "₀ = " + f(x0) + " with learning rate " + f(rate) + ". Click or tap the curve to start there."
      );
    }

    compute();
    buttons();
    say();

    return tools.hooks(layout, null, draw, {
      state: function () {
        return {
          start: x0,
          rate: rate,
          box: Object.assign({}, plot.rect), // the plot's rectangle in the canvas (CSS px), for the tests
          k: Math.floor(position),
          position: position,
          target: target,
          last: run.path.last,
          x: run.xs[Math.floor(position)],
          label: run.ends.label,
          settle: run.ends.step,
          moving: motion.moving(),
        };
      },
    });
  }

  window.gdnotes.widgets.define("nonconvex-stepper", setup);
})();
