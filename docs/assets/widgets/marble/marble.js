// gdnotes widget "marble" (home page): drop a marble on a 3-D loss surface and
// watch it roll down along the gradient-descent path. Click or tap a point of the
// surface to drop it there; or move the drop point (the ring) with the arrow keys
// and press Enter or Space; a slider sets the learning rate. The status line says
// the step count, the loss and the regime. The surface is lib/surface3d.js's; the
// run is the loader's descend (gdnotes.descent.run's rule); the regime is the rule
// of gdnotes.widgets.marble_regime, read from the config.
(function () {
  "use strict";

  function setup(root, ui, tools, surface3d) {
    const { config, surface, format: f } = tools;
    const { labels, bounds } = surface;
    const names = "(" + labels.join(", ") + ")";

    let cursor = config.start.slice(); // where the next drop lands
    let rate = config.learningRate;
    let run = null; // the last drop: {start, path, stop, settled, diverged}
    let phase = "ready"; // ready | rolling | done
    let shown = 0;

    const layer = tools.appCanvas(
      ui,
      "3-D surface",
      "3-D view of the loss surface over " + labels.join(" and ") + ". Click or tap a point to drop the marble there; " +
        "or move the drop point with the arrow keys and press Enter or Space to drop it. What happens is described below."
    );
    layer.canvas.style.touchAction = "pan-y"; // a vertical swipe still scrolls the page; a tap drops
    const scene = surface3d.scene(tools, layer, config.mesh);
    const readout = tools.el("p", { class: "gd-readout", "aria-hidden": "true" });
    ui.appendChild(readout);
    const status = tools.status(ui);
    const controls = tools.el("div", { class: "gd-controls" });
    ui.appendChild(controls);
    const rateControl = tools.rateControl(controls, { value: rate, onChange: setRate });
    ui.appendChild(rateControl.message);
    const [dropButton] = tools.buttons(ui, "", [["Drop the marble", true]]);
    tools.legend(ui, [
      ["--gd-w-low", "low loss"],
      ["--gd-w-high", "high loss"],
      ["--gd-w-path", "the marble and its path"],
    ]);

    // --- the rule of gdnotes.widgets.marble_regime: the steepest direction the start is off the minimum along
    function regimeAt(w, a) {
      const m = surface.minima[0];
      for (const mode of config.modes) {
        const along = mode.direction[0] * (w[0] - m[0]) + mode.direction[1] * (w[1] - m[1]);
        if (Math.abs(along) > config.excited) return config.words[tools.regime(mode.rule, a)];
      }
      return config.atTheMinimum;
    }

    // --- pointer: a mouse moves the ring as it hovers; a click or tap drops the marble at the point
    let press = null;
    let hover = null;
    tools.on(layer.canvas, "pointerdown", function (event) {
      if (event.button !== undefined && event.button > 0) return;
      press = { id: event.pointerId, x: event.clientX, y: event.clientY };
    });
    tools.on(layer.canvas, "pointerup", function (event) {
      if (!press || press.id !== event.pointerId) return;
      const far = Math.hypot(event.clientX - press.x, event.clientY - press.y) > 10;
      press = null;
      if (far) return;
      const at = layer.pointer(event);
      const w = scene.pick(at[0], at[1]);
      if (w) {
        cursor = w;
        drop();
      } else status.textContent = "To drop the marble, click or tap on the surface itself.";
    });
    tools.on(layer.canvas, "pointercancel", function () {
      press = null;
    });
    tools.on(layer.canvas, "pointermove", function (event) {
      if (event.pointerType !== "mouse" || press) return;
      const at = layer.pointer(event);
      if (hover === null) {
        hover = tools.frame(function () {
          hover = null;
          const w = scene.pick(at[0], at[1]);
          if (w && (w[0] !== cursor[0] || w[1] !== cursor[1])) {
            cursor = w;
            tools.timed(draw);
          }
        });
      }
    });

    // --- keyboard: arrows move the ring (Shift: smaller steps), Home puts it back, Enter or Space drops
    tools.on(layer.canvas, "keydown", function (event) {
      const step = config.keyStep / (event.shiftKey ? 5 : 1);
      const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        drop();
        return;
      }
      if (event.key === "Home") cursor = config.start.slice();
      else if (moves[event.key]) {
        cursor = cursor.map(function (c, i) {
          const moved = Math.round((c + moves[event.key][i]) * 1e6) / 1e6;
          return Math.max(bounds[i][0], Math.min(bounds[i][1], moved));
        });
      } else return;
      event.preventDefault();
      tools.timed(draw);
      say(true);
    });
    tools.on(dropButton, "click", function () {
      drop();
    });

    // --- the run
    function compute(start) {
      const path = tools.descend(start, rate, config.steps);
      let stop = path.last;
      let settled = false;
      for (let k = 0; k <= path.last; k++) {
        if (Math.hypot.apply(null, path.gradients[k]) < config.tolerance) {
          stop = k;
          settled = true;
          break;
        }
      }
      return { start: start.slice(), path: path, stop: stop, settled: settled, diverged: path.divergedAt >= 0 && !settled };
    }

    function drop() {
      rolling.stop();
      run = compute(cursor);
      shown = 0;
      if (tools.reducedMotion()) {
        finish();
        return;
      }
      phase = "rolling";
      say();
      rolling.start();
    }

    function setRate(value) {
      rate = value;
      if (run) {
        rolling.stop();
        run = compute(run.start);
        finish();
      } else {
        tools.timed(draw);
        say();
      }
    }

    const rolling = tools.tween({
      speed: function () {
        return Math.max(8, run.stop / 3);
      },
      goal: function () {
        return run.stop;
      },
      value: function () {
        return shown;
      },
      set: function (value) {
        shown = value;
      },
      draw: draw,
      done: finish,
    });

    function finish() {
      phase = "done";
      shown = run.stop;
      tools.timed(draw);
      say();
    }

    // What happened, once per drop (or the drop point, before the first drop and as the keys move it).
    function say(aboutCursor) {
      const a = "α = " + f(rate);
      if (!run || aboutCursor) {
        status.textContent =
          "Drop point " + names + " = " + tools.point(cursor) + ", loss " + f(surface.value(cursor)) +
          ". Press Enter, or click or tap the surface, to drop the marble with " + a + ": " + regimeAt(cursor, rate) + ".";
      } else if (phase === "rolling") {
        status.textContent = "Dropped at " + tools.point(run.start) + " with " + a + ": rolling…";
      } else {
        const k = run.stop;
        const path = run.path;
        const from = "From " + tools.point(run.start) + " with " + a + ": ";
        const regime = " — " + regimeAt(run.start, rate) + ".";
        if (run.diverged) {
          status.textContent =
            from + "diverged at step " + path.divergedAt + ", loss " + f(path.losses[k]) + regime + " Every step overshot more than the last; try a smaller α.";
        } else if (run.settled) {
          status.textContent = from + "settled after " + k + " steps at " + tools.point(path.positions[k]) + ", loss " + f(path.losses[k]) + regime;
        } else {
          status.textContent = from + "after " + k + " steps the loss is " + f(path.losses[k]) + ", still moving" + regime;
        }
      }
    }

    // --- drawing
    function layout(width) {
      layer.size(width, Math.max(240, Math.min(420, width * 0.58)));
    }

    function draw() {
      const ctx = layer.ctx;
      const camera = scene.camera();
      scene.draw(camera);
      const ring = scene.on(camera, cursor);
      tools.ring(ctx, ring[0], ring[1], 11, tools.colors.ink);
      let step = 0;
      let at = cursor;
      if (run) {
        step = scene.path(camera, run.path, shown);
        at = run.path.positions[step];
      } else {
        tools.marble(ctx, ring[0], ring[1], 7, tools.colors);
      }
      tools.parts(readout, [
        "step " + step,
        names + " = " + tools.point(at),
        "loss " + f(run ? run.path.losses[step] : surface.value(cursor)),
        "α = " + f(rate),
      ]);
    }

    scene.paint();
    say();

    return tools.hooks(layout, scene.paint, draw, {
      state: function () {
        return {
          phase: phase,
          shown: shown,
          cursor: cursor.slice(),
          start: run ? run.start.slice() : null,
          stop: run ? run.stop : null,
          settled: run ? run.settled : null,
          diverged: run ? run.diverged : null,
          rate: rate,
          regime: regimeAt(run ? run.start : cursor, rate),
        };
      },
    });
  }

  window.gdnotes.widgets.defineWith("marble", ["surface3d"], setup);
})();
