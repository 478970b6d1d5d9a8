// gdnotes widget "lr-lab" (lesson 4): the 1-D bowl and a learning-rate slider
// across every regime. Left: the marble hopping on the curve. Right: x_k
// against k. The regime is named in words by the rule of gdnotes.theory.regime,
// which arrives in the config (never retyped here).
(function () {
  "use strict";

  const STEPS_PER_SECOND = 10;

  function setup(root, ui, tools) {
    const { config, surface } = tools;
    const label = surface.labels[0];
    const x0 = config.start;
    const steps = config.steps;
    const curvature = config.regimes.curvature;

    let rate = config.learningRate;
    let run = null; // {path, regime}
    let shown = 0; // how far the animation has got, in steps (fractional)
    let handle = null;
    let before = null;
    let sayTimer = null;

    const layer = tools.canvas(ui, { role: "img", "aria-label": "" });
    layer.canvas.style.touchAction = "auto";
    const regimeLine = tools.el("p", { class: "gd-regime" }, ["Regime: ", tools.el("strong", { text: "" })]);
    const readout = tools.el("p", { class: "gd-readout", "aria-hidden": "true" });
    ui.appendChild(readout);
    ui.appendChild(regimeLine);
    const controls = tools.el("div", { class: "gd-controls" });
    ui.appendChild(controls);
    const rateControl = tools.rateControl(controls, { value: rate, onChange: setRate });
    const replay = tools.el("button", { type: "button", class: "gd-button", text: "Replay the run" });
    controls.appendChild(replay);
    // the message line of the rate control sits after the controls
    ui.appendChild(rateControl.message);
    const status = tools.status(ui);
    tools.legend(ui, [
      ["--gd-w-curve", "the loss f(" + label + ") = " + surface.spec.formula],
      ["--gd-w-path", "the marble and its steps"],
    ]);

    tools.on(replay, "click", function () {
      play();
    });

    function compute() {
      run = Object.assign(tools.walk(x0, rate, steps), {
        regime: tools.regime(config.regimes, rate),
        factor: 1 - rate * curvature,
      });
    }

    function setRate(value) {
      rate = value;
      compute();
      if (tools.reducedMotion()) {
        stop();
        shown = run.path.last;
        tools.timed(draw);
      } else {
        shown = 0;
        tools.timed(draw);
        play(true);
      }
      sayLater();
    }

    function play(keep) {
      stop();
      if (!keep) shown = 0;
      if (tools.reducedMotion()) {
        shown = run.path.last;
        tools.timed(draw);
        return;
      }
      before = null;
      handle = tools.frame(tick);
    }

    function tick(time) {
      if (before !== null) shown = Math.min(run.path.last, shown + ((time - before) / 1000) * STEPS_PER_SECOND);
      before = time;
      tools.timed(draw);
      if (shown < run.path.last) handle = tools.frame(tick);
      else handle = null;
    }

    function stop() {
      if (handle !== null) tools.cancelFrame(handle);
      handle = null;
    }

    function sayLater() {
      if (sayTimer !== null) tools.cancelLater(sayTimer);
      sayTimer = tools.later(say, 350);
    }

    function say() {
      sayTimer = null;
      const f = tools.format;
      const path = run.path;
      const end = path.last;
      let text = "α = " + f(rate) + ": each step multiplies " + label + " by 1 − " + f(curvature) + "α = " + f(run.factor) + ", so the run " + run.regime + ". ";
      if (path.divergedAt >= 0) {
        text +=
          "At step " + path.divergedAt + " |" + label + "| passed " + f(config.divergenceLimit) +
          " and the run was stopped: the marble flew off.";
      } else {
        text += "After " + end + " steps " + label + " = " + f(run.xs[end]) + " and f(" + label + ") = " + f(path.losses[end]) + ".";
      }
      status.textContent = text;
    }

    // --- drawing
    let bowl = null;
    let series = null;
    let seriesRect = null;
    const reach = Math.abs(x0) * 1.2;
    const curveTop = Math.max(surface.value([-reach]), surface.value([reach]));

    function layout(width) {
      const side = width >= 560;
      const panelHeight = side ? Math.max(220, Math.min(300, width * 0.36)) : Math.max(190, Math.min(240, width * 0.6));
      layer.size(width, side ? panelHeight : 2 * panelHeight + 10);
      const left = 46;
      const right = 12;
      const top = 22;
      const bottom = 30;
      const panelWidth = side ? (width - 24) / 2 : width;
      bowl = tools.plotBox(
        { left: left, top: top, width: panelWidth - left - right, height: panelHeight - top - bottom },
        [-reach, reach],
        [-0.05 * curveTop, curveTop]
      );
      const origin = side ? panelWidth + 24 : 0;
      const down = side ? 0 : panelHeight + 10;
      seriesRect = { left: origin + left, top: down + top, width: panelWidth - left - right, height: panelHeight - top - bottom };
    }

    function draw() {
      const ctx = layer.ctx;
      const colors = tools.colors;
      const path = run.path;
      const xs = run.xs;
      const reached = Math.floor(shown);
      const t = shown - reached;
      // x_k against k: the scale grows with a run that flies off, so the blow-up stays in view
      let top = reach;
      xs.forEach(function (x) {
        if (Number.isFinite(x)) top = Math.max(top, 1.1 * Math.abs(x));
      });
      series = tools.plotBox(seriesRect, [0, steps], [-top, top]);
      layer.clear();
      bowl.axes(ctx, colors, { font: tools.font(12), xLabel: label, yLabel: "f(" + label + ")" });
      series.axes(ctx, colors, { font: tools.font(12), xLabel: "step k", yLabel: label + "ₖ", zeroLine: true });

      // left: the bowl, the hops so far (faint: the whole run), the marble
      ctx.save();
      bowl.clip(ctx);
      ctx.lineJoin = "round";
      ctx.strokeStyle = colors.curve;
      ctx.lineWidth = 2;
      tools.graph(ctx, bowl, (v) => surface.value([v]), -reach, reach, 120);
      const onCurve = [(i) => bowl.sx(xs[i]), (i) => bowl.sy(path.losses[i])];
      hops(ctx, onCurve, path.last, 0.18, colors);
      hops(ctx, onCurve, reached, 0.85, colors);
      ctx.restore();

      // right: x_k against k
      ctx.save();
      series.clip(ctx);
      const overSteps = [(i) => series.sx(i), (i) => series.sy(xs[i])];
      hops(ctx, overSteps, path.last, 0.18, colors);
      hops(ctx, overSteps, reached, 0.9, colors);
      ctx.restore();

      // the marble: between iterate `reached` and the next
      const a = xs[reached];
      const b = reached < path.last ? xs[reached + 1] : a;
      const x = a + (b - a) * t;
      const fa = path.losses[reached];
      const fb = reached < path.last ? path.losses[reached + 1] : fa;
      const y = fa + (fb - fa) * t;
      edgeMarble(ctx, bowl, x, y, colors);
      edgeMarble(ctx, series, reached + t, x, colors);

      const parts = [
        "step " + reached + " of " + path.last,
        label + " = " + tools.format(xs[reached]),
        "f(" + label + ") = " + tools.format(path.losses[reached]),
      ];
      if (path.divergedAt >= 0 && reached === path.last) parts.push("diverged: run stopped");
      tools.parts(readout, parts);
      regimeLine.lastChild.textContent = run.regime;
      layer.canvas.setAttribute(
        "aria-label",
        "Left: the curve f(" + label + ") with the marble's steps; right: " + label + " against the step k. Learning rate " +
          tools.format(rate) + ": the run " + run.regime + "."
      );
    }

    // The hops so far, i = 0..upto, at the pixels [px(i), py(i)] = pixel.
    function hops(ctx, pixel, upto, alpha, colors) {
      tools.hops(ctx, upto, pixel[0], pixel[1], upto + 1, 2.5, { color: colors.path, alpha: alpha, width: 1.4 });
    }

    // The marble, or, once it has left the box, an arrow at the edge pointing where it went.
    function edgeMarble(ctx, box, x, y, colors) {
      const r = box.rect;
      const px = box.sx(x);
      const py = box.sy(y);
      const inside = px >= r.left && px <= r.left + r.width && py >= r.top && py <= r.top + r.height;
      if (inside) {
        tools.marble(ctx, px, py, 7, colors);
        return;
      }
      const cx = Math.max(r.left + 8, Math.min(r.left + r.width - 8, px));
      const cy = Math.max(r.top + 8, Math.min(r.top + r.height - 8, py));
      const angle = Math.atan2(py - cy, px - cx);
      tools.arrow(ctx, cx - 16 * Math.cos(angle), cy - 16 * Math.sin(angle), cx, cy, colors.marble, 3);
    }

    compute();
    shown = tools.reducedMotion() ? run.path.last : 0;
    say();

    return {
      resize: function (width) {
        layout(width);
        tools.timed(draw);
        if (shown < run.path.last && handle === null) play(true);
      },
      repaint: function () {
        tools.timed(draw);
      },
      state: function () {
        return { rate: rate, shown: shown, last: run.path.last, regime: run.regime, playing: handle !== null };
      },
    };
  }

  window.gdnotes.widgets.define("lr-lab", setup);
})();
