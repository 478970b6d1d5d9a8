// gdnotes widget "surface-explorer" (lesson 1): a loss surface in 3-D on a plain
// canvas. Rotate it (drag, swipe, arrow keys), place the marble (click, tap, or
// type its start), release it (button, Enter or Space) and watch it roll along
// the gradient-descent path; a slider sets the learning rate. The surface, its
// camera, picking and the path are lib/surface3d.js's (shared with the home page's
// marble).
(function () {
  "use strict";

  function setup(root, ui, tools, maps, surface3d) {
    const { config, surface, format: f } = tools;
    const { labels } = surface;

    // --- state
    let start = config.start.slice();
    let rate = config.learningRate;
    let run = null;
    let phase = "placed"; // placed | rolling | done
    let shown = 0;

    // --- the page
    const layer = tools.appCanvas(
      ui,
      "3-D surface",
      "3-D view of the loss surface over " + labels.join(" and ") + ". Drag or use the arrow keys to rotate it; " +
        "click or tap a point to place the marble there; Enter or Space releases it. What happens is described below."
    );
    const scene = surface3d.scene(tools, layer, config.mesh);
    const view = scene.view;
    const readout = tools.el("p", { class: "gd-readout", "aria-hidden": "true" });
    ui.appendChild(readout);
    const status = tools.status(ui);
    const [release, resetView] = tools.buttons(ui, "", [["Release the marble", true], ["Reset the view"]]);
    const controls = tools.el("div", { class: "gd-controls" });
    ui.appendChild(controls);
    const rateControl = tools.rateControl(controls, { value: rate, onChange: setRate });
    ui.appendChild(rateControl.message);
    const startBoxes = maps.startBoxes(tools, ui, function () {
      return start;
    }, place);
    const startMessage = startBoxes.message;
    tools.legend(ui, [
      ["--gd-w-low", "low loss"],
      ["--gd-w-high", "high loss"],
      ["--gd-w-path", "the marble and its path"],
    ]);

    tools.on(release, "click", function () {
      roll();
    });
    tools.on(resetView, "click", function () {
      view.yaw = scene.defaultView.yaw;
      view.pitch = scene.defaultView.pitch;
      request();
    });

    // --- rotating and placing with a pointer
    let drag = null;
    tools.on(layer.canvas, "pointerdown", function (event) {
      if (event.button !== undefined && event.button !== 0) return;
      drag = { id: event.pointerId, x: event.clientX, y: event.clientY, yaw: view.yaw, pitch: view.pitch, moved: false };
      tools.capture(layer.canvas, event);
    });
    tools.on(layer.canvas, "pointermove", function (event) {
      if (!drag || event.pointerId !== drag.id) return;
      const dx = event.clientX - drag.x;
      const dy = event.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < 6) return;
      drag.moved = true;
      view.yaw = drag.yaw - dx * 0.45;
      view.pitch = clampPitch(drag.pitch + dy * 0.35);
      request();
    });
    tools.on(layer.canvas, "pointerup", function (event) {
      if (!drag || event.pointerId !== drag.id) return;
      const tapped = !drag.moved;
      drag = null;
      if (tapped) pick(event);
    });
    tools.on(layer.canvas, "pointercancel", function () {
      drag = null;
    });
    tools.on(layer.canvas, "keydown", function (event) {
      const turn = event.shiftKey ? 30 : 10;
      if (event.key === "ArrowLeft") view.yaw += turn;
      else if (event.key === "ArrowRight") view.yaw -= turn;
      else if (event.key === "ArrowUp") view.pitch = clampPitch(view.pitch + turn / 2);
      else if (event.key === "ArrowDown") view.pitch = clampPitch(view.pitch - turn / 2);
      else if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        roll();
        return;
      } else return;
      event.preventDefault();
      request();
    });

    function clampPitch(pitch) {
      return Math.max(5, Math.min(90, pitch));
    }

    function pick(event) {
      const at = layer.pointer(event);
      const chosen = scene.pick(at[0], at[1]);
      if (chosen) place(chosen, "pointer");
      else startMessage.textContent = "To place the marble, click or tap on the surface itself.";
    }

    // --- the run
    function compute() {
      const path = tools.descend(start, rate, config.steps);
      let stop = path.last;
      let settled = false;
      for (let k = 0; k <= path.last; k++) {
        const g = path.gradients[k];
        if (Math.hypot.apply(null, g) < config.tolerance) {
          stop = k;
          settled = true;
          break;
        }
      }
      run = { path: path, stop: stop, settled: settled, diverged: path.divergedAt >= 0 && !settled };
    }

    function place(point, source) {
      stopRolling();
      start = point.slice();
      if (source !== "typed") startBoxes.show(start);
      startMessage.textContent = "";
      phase = "placed";
      shown = 0;
      compute();
      tools.timed(draw);
      say();
    }

    function setRate(value) {
      rate = value;
      compute();
      if (phase === "placed") {
        shown = 0;
      } else {
        stopRolling();
        phase = "done";
        shown = run.stop;
      }
      tools.timed(draw);
      say();
    }

    function roll() {
      stopRolling();
      phase = "rolling";
      shown = 0;
      if (tools.reducedMotion()) {
        finish();
        return;
      }
      say();
      rolling.start();
    }

    // The marble rolls along the path (`shown` steps of it) to run.stop, then finishes.
    const rolling = tools.tween({
      speed: function () {
        return Math.max(6, run.stop / 4);
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

    function stopRolling() {
      rolling.stop();
    }

    function say() {
      const path = run.path;
      const w = "(" + labels.join(", ") + ")";
      if (phase === "placed") {
        status.textContent =
          "The marble sits at " + w + " = " + tools.point(start) + ", where the loss is " + f(path.losses[0]) +
          ". Press “Release the marble” (or Enter on the surface) to let it roll with α = " + f(rate) + ".";
      } else if (phase === "rolling") {
        status.textContent = "Rolling from " + tools.point(start) + " with α = " + f(rate) + "…";
      } else {
        const k = run.stop;
        const at = w + " = " + tools.point(path.positions[k]);
        if (run.settled) {
          status.textContent =
            "With α = " + f(rate) + " the marble settled after " + k + " steps at " + at + ", loss " + f(path.losses[k]) +
            ": the slope there is almost flat (gradient shorter than " + f(config.tolerance) + "), so the steps have become tiny.";
        } else if (run.diverged) {
          status.textContent =
            "With α = " + f(rate) + " the run diverged at step " + path.divergedAt + ": every step overshot by more than the last, " +
            "and the marble flew off the surface. Try a smaller α.";
        } else {
          status.textContent =
            "After " + k + " steps with α = " + f(rate) + " the marble is at " + at + ", loss " + f(path.losses[k]) +
            ", and still moving.";
        }
      }
    }

    // --- drawing
    function layout(width) {
      layer.size(width, Math.max(250, Math.min(460, width * 0.56)));
    }

    let queued = null;
    function request() {
      if (queued === null) {
        queued = tools.frame(function () {
          queued = null;
          tools.timed(draw);
        });
      }
    }

    function draw() {
      const camera = scene.camera();
      scene.draw(camera);
      const path = run.path;
      const reached = scene.path(camera, path, shown);
      const shownStep = Math.min(reached, path.last);
      tools.parts(readout, [
        "step " + shownStep,
        "(" + labels.join(", ") + ") = " + tools.point(path.positions[shownStep]),
        "loss " + f(path.losses[shownStep]),
        "α = " + f(rate),
      ]);
    }

    compute();
    scene.paint();
    say();

    return tools.hooks(layout, scene.paint, draw, {
      state: function () {
        return {
          phase: phase,
          shown: shown,
          stop: run.stop,
          settled: run.settled,
          diverged: run.diverged,
          start: start.slice(),
          rate: rate,
          yaw: view.yaw,
          pitch: view.pitch,
        };
      },
    });
  }

  window.gdnotes.widgets.defineWith("surface-explorer", ["maps", "surface3d"], setup);
})();
