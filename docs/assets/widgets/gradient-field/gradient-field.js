// gdnotes widget "gradient-field" (lesson 2): a contour map of a 2-D loss. Hover,
// tap, drag, type or use the arrow keys to choose a point; the widget draws the
// gradient there (uphill), minus the gradient (the descent direction), the
// gradient's two components and the contour line through the point, and says
// the numbers in words.
(function () {
  "use strict";

  function setup(root, ui, tools, maps) {
    const { config, surface, format: f } = tools;
    const { labels, bounds } = surface;
    const scale = config.arrowScale;
    let probe = config.point.slice();
    let sayTimer = null;

    // the grid the contours come from (data coordinates; fixed for the page)
    const nx = 97;
    const ny = Math.max(25, Math.round((nx - 1) * ((bounds[1][1] - bounds[1][0]) / (bounds[0][1] - bounds[0][0])))) + 1;
    const sampled = maps.sample(surface.value, bounds, nx, ny);
    const grid = sampled.values;
    const gx = sampled.xs;
    const gy = sampled.ys;
    const rings = config.levels.map(function (level) {
      return tools.contour(grid, gx, gy, level);
    });

    const layer = maps.canvas(
      tools,
      ui,
      "contour map",
      "Contour map of the loss. Move the pointer over it, tap it, or use the arrow keys (Shift for bigger moves) to choose the point " +
        labels.join(", ") + "; the gradient there is described below."
    );
    const readout = tools.el("p", { class: "gd-readout gd-readout-strong", "aria-hidden": "true" });
    ui.appendChild(readout);
    const status = tools.el("p", { class: "gd-status gd-visually-hidden", role: "status", "aria-live": "polite" });
    ui.appendChild(status);

    // typed coordinates
    const boxes = maps.pointBoxes(tools, ui, {
      key: "point",
      boxKey: "w",
      names: labels,
      title: "Point",
      bounds: bounds,
      point: function () {
        return probe;
      },
      place: move,
    });
    tools.legend(ui, [
      ["--gd-w-gradient", "gradient ∇L (uphill), drawn " + f(scale) + " × its length"],
      ["--gd-w-descent", "descent direction −∇L"],
      ["--gd-w-level", "the contour line through the point"],
    ]);

    // pointer: hover with a mouse; tap or drag with a finger or pen
    let pressed = false;
    function fromPointer(event) {
      const here = layer.pointer(event);
      return plot.at(here[0], here[1]);
    }
    tools.on(layer.canvas, "pointermove", function (event) {
      if (event.pointerType === "mouse" || pressed) move(fromPointer(event), "pointer");
    });
    tools.on(layer.canvas, "pointerdown", function (event) {
      pressed = true;
      move(fromPointer(event), "pointer");
    });
    const lift = function () {
      pressed = false;
    };
    tools.on(layer.canvas, "pointerup", lift);
    tools.on(layer.canvas, "pointercancel", lift);
    maps.mapKeys(tools, layer.canvas, {
      big: 4,
      step: function () {
        return config.keyStep;
      },
      move: function (d) {
        // land on the key step's grid so that the numbers stay round
        move(
          [Math.round((probe[0] + d[0]) / config.keyStep) * config.keyStep, Math.round((probe[1] + d[1]) / config.keyStep) * config.keyStep],
          "key"
        );
      },
      home: function () {
        move(config.point.slice(), "key");
      },
    });

    function move(next, source) {
      probe = next.map(function (c, i) {
        return Math.max(bounds[i][0], Math.min(bounds[i][1], c));
      });
      if (source !== "typed") {
        boxes.show(
          probe.map(function (c) {
            return Math.round(c * 100) / 100;
          })
        );
      }
      tools.timed(draw);
      if (sayTimer !== null) tools.cancelLater(sayTimer);
      sayTimer = tools.later(say, source === "pointer" ? 500 : 150);
    }

    function describe() {
      const g = surface.gradient(probe);
      const length = Math.hypot(g[0], g[1]);
      const minus = g.map(function (c) {
        return c === 0 ? 0 : -c;
      });
      return { g: g, minus: minus, length: length, loss: surface.value(probe) };
    }

    function say() {
      sayTimer = null;
      const d = describe();
      const where = "(" + labels.join(", ") + ") = " + tools.point(probe, 3);
      let text = "At " + where + " the loss is " + f(d.loss) + ". ";
      if (d.length === 0) {
        text += "The gradient is (0, 0): the ground is flat here, so gradient descent does not move.";
      } else {
        text +=
          "The gradient ∇L = " + tools.point(d.g) + " (∂L/∂" + labels[0] + " = " + f(d.g[0]) + ", ∂L/∂" + labels[1] + " = " +
          f(d.g[1]) + "; length " + f(d.length) + ") points uphill; the descent direction is −∇L = " + tools.point(d.minus) + ".";
      }
      status.textContent = text;
    }

    // --- drawing
    let plot = null;

    function layout(width) {
      plot = maps.fitMap(tools, layer, width, bounds, Math.max(220, Math.min(520, window.innerHeight * 0.6)));
      paintBackground();
    }

    // The map itself changes only with the size or the palette: draw it once, copy it on each move.
    function paintBackground() {
      const ctx = layer.backdrop();
      const colors = tools.colors;
      plot.axes(ctx, colors, { font: tools.font(12), xLabel: labels[0], yLabel: labels[1] });
      plot.faintContours(ctx, colors, rings);
      ctx.fillStyle = colors.ink;
      surface.minima.forEach(function (m) {
        ctx.beginPath();
        ctx.arc(plot.sx(m[0]), plot.sy(m[1]), 3, 0, 2 * Math.PI);
        ctx.fill();
      });
      ctx.restore();
    }

    function draw() {
      const ctx = layer.ctx;
      const colors = tools.colors;
      const d = describe();
      layer.clear();

      const px = plot.sx(probe[0]);
      const py = plot.sy(probe[1]);
      ctx.save();
      plot.clip(ctx);
      // the contour through the point: the gradient stands at right angles to it
      if (d.length > 0) {
        ctx.strokeStyle = colors.level;
        ctx.lineWidth = 1.8;
        plot.contours(ctx, [tools.contour(grid, gx, gy, d.loss)]);
        // the gradient's components: across, then up
        const corner = [plot.sx(probe[0] + scale * d.g[0]), py];
        const tip = [plot.sx(probe[0] + scale * d.g[0]), plot.sy(probe[1] + scale * d.g[1])];
        ctx.strokeStyle = colors.gradient;
        ctx.lineWidth = 1.2;
        ctx.setLineDash([2, 3]);
        ctx.beginPath();
        ctx.moveTo(px, py);
        ctx.lineTo(corner[0], corner[1]);
        ctx.lineTo(tip[0], tip[1]);
        ctx.stroke();
        ctx.setLineDash([]);
        tools.arrow(ctx, px, py, tip[0], tip[1], colors.gradient, 2.5);
        tools.arrow(ctx, px, py, plot.sx(probe[0] - scale * d.g[0]), plot.sy(probe[1] - scale * d.g[1]), colors.descent, 2.5);
      }
      ctx.restore();
      ctx.fillStyle = colors.ink;
      ctx.strokeStyle = colors.background;
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(px, py, 4.5, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();

      tools.parts(readout, [
        "(" + labels.join(", ") + ") = " + tools.point(probe, 3),
        "∇L = " + tools.point(d.g),
        "−∇L = " + tools.point(d.minus),
        "|∇L| = " + f(d.length),
        "L = " + f(d.loss),
      ]);
    }

    boxes.boxes.forEach(function (box, i) {
      box.value = String(probe[i]);
    });
    say();

    return tools.hooks(layout, paintBackground, draw, {
      state: function () {
        return { point: probe.slice() };
      },
    });
  }

  window.gdnotes.widgets.defineWith("gradient-field", ["maps"], setup);
})();
