// gdnotes widget "surface-explorer" (lesson 1): a loss surface in 3-D on a plain
// canvas. Rotate it (drag, swipe, arrow keys), place the marble (click, tap, or
// type its start), release it (button, Enter or Space) and watch it roll along
// the gradient-descent path; a slider sets the learning rate. No 3-D library:
// a mesh of quads, sorted back to front, with a small perspective.
(function () {
  "use strict";

  const DISTANCE = 6; // camera distance, in units of the box's half width
  const HEIGHT = 0.9; // the surface's height in those units
  const LIGHT = (function () {
    const l = [-0.45, -0.55, 0.75];
    const n = Math.hypot(l[0], l[1], l[2]);
    return [l[0] / n, l[1] / n, l[2] / n];
  })();
  const DEFAULT_VIEW = { yaw: -32, pitch: 34 };
  const GROUP = 24; // quads filled between two strokes of their mesh lines

  function setup(root, ui, tools, maps) {
    const { config, surface, format: f } = tools;
    const { labels, bounds } = surface;

    // --- the mesh, in world units: x, y in [-1, 1] (the longer side), z in [-HEIGHT/2, HEIGHT/2]
    const n = config.mesh;
    const centre = [(bounds[0][0] + bounds[0][1]) / 2, (bounds[1][0] + bounds[1][1]) / 2];
    const half = Math.max(bounds[0][1] - bounds[0][0], bounds[1][1] - bounds[1][0]) / 2;
    const heights = new Float64Array(n * n);
    const wx = new Float64Array(n * n);
    const wy = new Float64Array(n * n);
    let zLow = Infinity;
    let zHigh = -Infinity;
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) {
        const w = [bounds[0][0] + ((bounds[0][1] - bounds[0][0]) * i) / (n - 1), bounds[1][0] + ((bounds[1][1] - bounds[1][0]) * j) / (n - 1)];
        const z = surface.value(w);
        heights[j * n + i] = z;
        wx[j * n + i] = w[0];
        wy[j * n + i] = w[1];
        zLow = Math.min(zLow, z);
        zHigh = Math.max(zHigh, z);
      }
    }
    function world(w0, w1, z) {
      return [(w0 - centre[0]) / half, (w1 - centre[1]) / half, ((z - zLow) / (zHigh - zLow) - 0.5) * HEIGHT];
    }
    const vertices = new Float64Array(3 * n * n);
    for (let k = 0; k < n * n; k++) {
      const p = world(wx[k], wy[k], heights[k]);
      vertices[3 * k] = p[0];
      vertices[3 * k + 1] = p[1];
      vertices[3 * k + 2] = p[2];
    }
    const quads = (n - 1) * (n - 1);
    const corners = new Int32Array(4 * quads);
    const shade = new Float64Array(quads);
    const level = new Float64Array(quads);
    for (let j = 0, q = 0; j < n - 1; j++) {
      for (let i = 0; i < n - 1; i++, q++) {
        const a = j * n + i;
        corners.set([a, a + 1, a + n + 1, a + n], 4 * q);
        const u = [0, 1, 2].map(function (c) {
          return vertices[3 * (a + 1) + c] - vertices[3 * a + c];
        });
        const v = [0, 1, 2].map(function (c) {
          return vertices[3 * (a + n) + c] - vertices[3 * a + c];
        });
        const normal = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
        const length = Math.hypot(normal[0], normal[1], normal[2]) || 1;
        shade[q] = Math.abs(normal[0] * LIGHT[0] + normal[1] * LIGHT[1] + normal[2] * LIGHT[2]) / length;
        level[q] = (heights[a] + heights[a + 1] + heights[a + n] + heights[a + n + 1]) / 4;
      }
    }
    let fills = []; // one fill colour per quad, from the palette

    // --- state
    const view = { yaw: DEFAULT_VIEW.yaw, pitch: DEFAULT_VIEW.pitch };
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
      view.yaw = DEFAULT_VIEW.yaw;
      view.pitch = DEFAULT_VIEW.pitch;
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

    // The point of the surface under the pointer: project a fine grid of points and
    // take, among those close to the pointer, the one nearest the viewer.
    const pickStep = tools.nice(Math.max(bounds[0][1] - bounds[0][0], bounds[1][1] - bounds[1][0]) / 80);
    function pick(event) {
      const rect = layer.canvas.getBoundingClientRect();
      const px = event.clientX - rect.left;
      const py = event.clientY - rect.top;
      const camera = cameraNow();
      let best = null;
      let bestDepth = Infinity;
      let nearest = null;
      let nearestDistance = Infinity;
      for (let a = Math.ceil(bounds[0][0] / pickStep - 1e-9); a * pickStep <= bounds[0][1] + 1e-9; a++) {
        for (let b = Math.ceil(bounds[1][0] / pickStep - 1e-9); b * pickStep <= bounds[1][1] + 1e-9; b++) {
          const w = [round(a * pickStep), round(b * pickStep)];
          const p = world(w[0], w[1], surface.value(w));
          const s = project(camera, p[0], p[1], p[2]);
          const distance = Math.hypot(s[0] - px, s[1] - py);
          if (distance < nearestDistance) {
            nearestDistance = distance;
            nearest = w;
          }
          if (distance < 9 && s[2] < bestDepth) {
            bestDepth = s[2];
            best = w;
          }
        }
      }
      const chosen = best || (nearestDistance < 24 ? nearest : null);
      if (chosen) place(chosen, "pointer");
      else startMessage.textContent = "To place the marble, click or tap on the surface itself.";
    }

    function round(value) {
      return Math.round(value * 1e6) / 1e6;
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
    function cameraNow() {
      const yaw = (view.yaw * Math.PI) / 180;
      const pitch = (view.pitch * Math.PI) / 180;
      const frame = fit(view.pitch);
      return { cy: Math.cos(yaw), sy: Math.sin(yaw), cp: Math.cos(pitch), sp: Math.sin(pitch), scale: frame.scale, x: frame.x, y: frame.y };
    }
    // world -> [screen x, screen y, depth (larger is farther)]
    function project(c, x, y, z) {
      const xr = x * c.cy - y * c.sy;
      const yr = x * c.sy + y * c.cy;
      const up = z * c.cp + yr * c.sp;
      const depth = yr * c.cp - z * c.sp;
      const k = (c.scale * DISTANCE) / (DISTANCE + depth);
      return [tools.clampPixel(c.x + xr * k), tools.clampPixel(c.y - up * k), depth];
    }

    // Points of the mesh; the view is fitted to them for every turn at the
    // current tilt, so turning never zooms and the surface always fits.
    const box = [];
    const every = Math.max(1, Math.round((n - 1) / 10));
    for (let j = 0; j < n; j += every) {
      for (let i = 0; i < n; i += every) {
        const k = j * n + i;
        box.push([vertices[3 * k], vertices[3 * k + 1], vertices[3 * k + 2]]);
      }
    }
    let fitted = null;
    function fit(pitch) {
      if (fitted && fitted.pitch === pitch && fitted.width === layer.width && fitted.height === layer.height) return fitted;
      const p = (pitch * Math.PI) / 180;
      const unit = { cp: Math.cos(p), sp: Math.sin(p), scale: 1, x: 0, y: 0 };
      let wide = 0;
      let top = Infinity;
      let bottom = -Infinity;
      for (let yaw = 0; yaw < 360; yaw += 10) {
        unit.cy = Math.cos((yaw * Math.PI) / 180);
        unit.sy = Math.sin((yaw * Math.PI) / 180);
        box.forEach(function (corner) {
          const s = project(unit, corner[0], corner[1], corner[2]);
          wide = Math.max(wide, Math.abs(s[0]));
          top = Math.min(top, s[1]);
          bottom = Math.max(bottom, s[1]);
        });
      }
      const margin = 18;
      const scale = Math.min((layer.width / 2 - margin) / wide, (layer.height - 2 * margin) / (bottom - top));
      fitted = {
        pitch: pitch,
        width: layer.width,
        height: layer.height,
        scale: scale,
        x: layer.width / 2,
        y: layer.height / 2 - ((top + bottom) / 2) * scale,
      };
      return fitted;
    }

    function layout(width) {
      layer.size(width, Math.max(250, Math.min(460, width * 0.56)));
    }

    function paint() {
      const colors = tools.colors;
      const low = tools.rgba(colors.low);
      const high = tools.rgba(colors.high);
      fills = [];
      for (let q = 0; q < quads; q++) {
        const t = Math.sqrt(Math.max(0, Math.min(1, (level[q] - zLow) / (zHigh - zLow))));
        const light = 0.6 + 0.4 * shade[q];
        const rgb = [0, 1, 2].map(function (c) {
          return Math.round((low[c] + (high[c] - low[c]) * t) * light);
        });
        fills.push("rgb(" + rgb.join(",") + ")");
      }
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

    const screen = new Float64Array(3 * n * n);
    const order = [];
    for (let q = 0; q < quads; q++) order.push(q);
    const depth = new Float64Array(quads);

    function draw() {
      const ctx = layer.ctx;
      const colors = tools.colors;
      const camera = cameraNow();
      layer.clear();
      for (let k = 0; k < n * n; k++) {
        const s = project(camera, vertices[3 * k], vertices[3 * k + 1], vertices[3 * k + 2]);
        screen[3 * k] = s[0];
        screen[3 * k + 1] = s[1];
        screen[3 * k + 2] = s[2];
      }
      for (let q = 0; q < quads; q++) {
        const c = 4 * q;
        depth[q] = screen[3 * corners[c] + 2] + screen[3 * corners[c + 1] + 2] + screen[3 * corners[c + 2] + 2] + screen[3 * corners[c + 3] + 2];
      }
      order.sort(function (a, b) {
        return depth[b] - depth[a];
      });
      // Back to front: fill each quad, and every so often stroke the mesh lines of the
      // quads just filled, in one path, before nearer quads cover them.
      ctx.lineJoin = "round";
      ctx.lineWidth = 0.6;
      ctx.strokeStyle = colors.grid;
      const trace = function (c) {
        ctx.moveTo(screen[3 * corners[c]], screen[3 * corners[c] + 1]);
        ctx.lineTo(screen[3 * corners[c + 1]], screen[3 * corners[c + 1] + 1]);
        ctx.lineTo(screen[3 * corners[c + 2]], screen[3 * corners[c + 2] + 1]);
        ctx.lineTo(screen[3 * corners[c + 3]], screen[3 * corners[c + 3] + 1]);
        ctx.closePath();
      };
      for (let first = 0; first < quads; first += GROUP) {
        const end = Math.min(quads, first + GROUP);
        for (let i = first; i < end; i++) {
          ctx.beginPath();
          trace(4 * order[i]);
          ctx.fillStyle = fills[order[i]];
          ctx.fill();
        }
        ctx.beginPath();
        for (let i = first; i < end; i++) trace(4 * order[i]);
        ctx.stroke();
      }

      // axis names at the middle of two edges of the base
      ctx.font = tools.font(13);
      ctx.fillStyle = colors.ink;
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      const edgeX = world(bounds[0][1], centre[1], surface.value([bounds[0][1], centre[1]]));
      const edgeY = world(centre[0], bounds[1][1], surface.value([centre[0], bounds[1][1]]));
      const xLabel = project(camera, edgeX[0] + 0.16, edgeX[1], edgeX[2]);
      const yLabel = project(camera, edgeY[0], edgeY[1] + 0.16, edgeY[2]);
      ctx.fillText(labels[0], xLabel[0], xLabel[1]);
      ctx.fillText(labels[1], yLabel[0], yLabel[1]);

      // the path so far and the marble
      const path = run.path;
      const reached = Math.floor(shown);
      const t = shown - reached;
      const on = function (w) {
        const p = world(w[0], w[1], surface.value(w));
        return project(camera, p[0], p[1], p[2]);
      };
      let here = path.positions[reached];
      if (t > 0 && reached < path.last) {
        const next = path.positions[reached + 1];
        here = here.map(function (c, i) {
          return c + (next[i] - c) * t;
        });
      }
      ctx.strokeStyle = colors.path;
      ctx.fillStyle = colors.path;
      ctx.lineWidth = 2;
      ctx.beginPath();
      for (let k = 0; k <= reached; k++) {
        const s = on(path.positions[k]);
        if (k === 0) ctx.moveTo(s[0], s[1]);
        else ctx.lineTo(s[0], s[1]);
      }
      const marbleAt = on(here);
      if (reached > 0 || t > 0) ctx.lineTo(marbleAt[0], marbleAt[1]);
      ctx.stroke();
      for (let k = 1; k <= reached; k++) {
        const s = on(path.positions[k]);
        ctx.beginPath();
        ctx.arc(s[0], s[1], 2.2, 0, 2 * Math.PI);
        ctx.fill();
      }
      tools.marble(ctx, marbleAt[0], marbleAt[1], 7, colors);

      const shownStep = Math.min(reached, path.last);
      tools.parts(readout, [
        "step " + shownStep,
        "(" + labels.join(", ") + ") = " + tools.point(path.positions[shownStep]),
        "loss " + f(path.losses[shownStep]),
        "α = " + f(rate),
      ]);
    }

    compute();
    paint();
    say();

    return tools.hooks(layout, paint, draw, {
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

  window.gdnotes.widgets.defineWith("surface-explorer", ["maps"], setup);
})();
