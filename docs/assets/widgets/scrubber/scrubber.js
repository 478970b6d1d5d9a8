// gdnotes widget "scrubber" (lesson 3): step or drag through the iterations
// k = 0..N of the worked example. The marble on the curve, the readout and the
// highlighted row of the build-time table follow k.
(function () {
  "use strict";

  function setup(root, ui, tools) {
    const { config, surface } = tools;
    const label = surface.labels[0];
    const loss = config.lossName || "f";
    const steps = config.steps;
    const walk = tools.walk(config.start, config.learningRate, steps);
    const path = walk.path;
    const xs = walk.xs;
    const last = path.last;
    let k = 0;

    // --- the page's table: keep it, make it follow k
    const box = root.querySelector(".gd-table-box");
    const rows = [];
    root.querySelectorAll("tr[data-k]").forEach(function (row) {
      rows[Number(row.getAttribute("data-k"))] = row;
      tools.on(row, "click", function () {
        go(Number(row.getAttribute("data-k")));
      });
    });
    if (box) {
      box.classList.add("gd-scroll");
      // the table now scrolls inside its box: the keyboard can reach it and scroll it with the arrow keys
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", "Every step of the run (a table that scrolls)");
    }

    // --- what the widget adds
    const layer = tools.canvas(ui, { role: "img", "aria-label": "" });
    layer.canvas.style.touchAction = "pan-y";
    layer.canvas.style.cursor = "ew-resize";
    const sliderId = tools.id + "-k";
    const slider = tools.el("input", { type: "range", id: sliderId, min: 0, max: last, step: 1, value: 0 });
    const previous = tools.el("button", { type: "button", class: "gd-button", text: "◀ Previous step" });
    const next = tools.el("button", { type: "button", class: "gd-button", text: "Next step ▶" });
    ui.appendChild(
      tools.el("div", { class: "gd-controls gd-stepper" }, [
        previous,
        tools.el("div", { class: "gd-control gd-grow" }, [tools.el("label", { for: sliderId, text: "Step k" }), slider]),
        next,
      ])
    );
    const status = tools.status(ui);
    tools.legend(ui, [
      ["--gd-w-marble", "the marble at step k (ring: where the next step lands)"],
      ["--gd-w-gradient", "the slope " + loss + "′(" + label + ") it feels"],
      ["--gd-w-descent", "the step −α " + loss + "′(" + label + ")"],
    ]);

    tools.on(slider, "input", function () {
      go(Number(slider.value));
    });
    tools.on(previous, "click", function () {
      go(k - 1);
    });
    tools.on(next, "click", function () {
      go(k + 1);
    });

    // Drag (or tap) on the curve: jump to the iterate nearest the pointer.
    let dragging = false;
    function pick(event) {
      const rect = layer.canvas.getBoundingClientRect();
      const px = event.clientX - rect.left;
      let best = 0;
      let bestDistance = Infinity;
      xs.forEach(function (x, i) {
        const d = Math.abs(sx(x) - px);
        if (d < bestDistance - 0.5) {
          best = i;
          bestDistance = d;
        }
      });
      go(best);
    }
    tools.on(layer.canvas, "pointerdown", function (event) {
      dragging = true;
      tools.capture(layer.canvas, event);
      pick(event);
    });
    tools.on(layer.canvas, "pointermove", function (event) {
      if (dragging) pick(event);
    });
    const release = function () {
      dragging = false;
    };
    tools.on(layer.canvas, "pointerup", release);
    tools.on(layer.canvas, "pointercancel", release);

    // --- geometry: the curve over a symmetric window that holds every iterate
    const reach = Math.max.apply(null, xs.map(Math.abs)) * 1.15 || 1;
    const xRange = [-reach, reach];
    const yRange = tools.span((v) => surface.value([v]), xRange[0], xRange[1], 120);
    yRange[0] -= 0.05 * (yRange[1] - yRange[0]);
    let plot = null;
    function sx(x) {
      return plot.sx(x);
    }
    function sy(y) {
      return plot.sy(y);
    }

    function go(target) {
      k = Math.max(0, Math.min(last, Math.round(target)));
      slider.value = String(k);
      previous.disabled = k === 0;
      next.disabled = k === last;
      tools.timed(draw);
      say();
      follow();
    }

    function follow() {
      rows.forEach(function (row, i) {
        if (!row) return;
        const on = i === k;
        row.classList.toggle("gd-current", on);
        if (on) row.setAttribute("aria-current", "true");
        else row.removeAttribute("aria-current");
      });
      const row = rows[k];
      if (box && row) {
        const boxRect = box.getBoundingClientRect();
        const rowRect = row.getBoundingClientRect();
        const head = row.parentNode.previousElementSibling;
        const headHeight = head ? head.getBoundingClientRect().height : 0;
        if (rowRect.top < boxRect.top + headHeight || rowRect.bottom > boxRect.bottom) {
          box.scrollTop += rowRect.top - boxRect.top - (box.clientHeight - rowRect.height) / 2;
        }
      }
    }

    function say() {
      const f = tools.format;
      const x = xs[k];
      let text =
        "Step k = " + k + " of " + last + ": " + label + " = " + f(x) + ", " + loss + "(" + label + ") = " + f(path.losses[k]) +
        ", " + loss + "′(" + label + ") = " + f(path.gradients[k][0]) + ".";
      if (k < last) {
        text +=
          " Next: " + label + " ← " + f(x) + " − " + f(config.learningRate) + " × " + f(path.gradients[k][0]) + " = " +
          f(xs[k + 1]) + ".";
      } else {
        text += " That is the last step of the table.";
      }
      status.textContent = text;
      layer.canvas.setAttribute(
        "aria-label",
        "The curve " + loss + "(" + label + ") = " + surface.spec.formula + " with the marble at " + label + " = " + f(x) + " after " + k + " steps."
      );
    }

    function draw() {
      const ctx = layer.ctx;
      const colors = tools.colors;
      layer.clear();
      plot.axes(ctx, colors, { font: tools.font(12), xLabel: label, yLabel: loss + "(" + label + ")" });
      ctx.save();
      ctx.lineCap = "round";
      ctx.lineJoin = "round";

      // the curve
      ctx.strokeStyle = colors.curve;
      ctx.lineWidth = 2;
      tools.graph(ctx, plot, (v) => surface.value([v]), xRange[0], xRange[1], 160);

      // the iterates so far, joined
      tools.hops(ctx, k, (i) => sx(xs[i]), (i) => sy(path.losses[i]), k, 3, { color: colors.path, alpha: 0.5, width: 1.2 });

      const x = xs[k];
      const y = path.losses[k];
      const slope = path.gradients[k][0];
      // the tangent: the slope the marble feels
      tools.tangent(ctx, plot, x, y, slope, (xRange[1] - xRange[0]) * 0.1, colors.gradient);

      // the update −α f′(x), drawn along the axis, and where it lands
      if (k < last) {
        const floor = plot.rect.top + plot.rect.height - 8;
        tools.arrow(ctx, sx(x), floor, sx(xs[k + 1]), floor, colors.descent, 2);
        tools.ring(ctx, sx(xs[k + 1]), sy(path.losses[k + 1]), 6, colors.marble);
      }
      ctx.restore();
      tools.marble(ctx, sx(x), sy(y), 7.5, colors);
    }

    return {
      resize: function (width) {
        layer.size(width, Math.max(200, Math.min(300, width * 0.45)));
        plot = tools.plotBox(
          { left: 44, top: 24, width: layer.width - 44 - 14, height: layer.height - 24 - 30 },
          xRange,
          yRange
        );
        go(k);
      },
      repaint: function () {
        tools.timed(draw);
      },
      state: function () {
        return { k: k, last: last };
      },
    };
  }

  window.gdnotes.widgets.define("scrubber", setup);
})();
