// gdnotes widget "momentum-map" (lesson 7): the heavy ball's rate per step over the plane of
// learning rate α (across) and momentum β (up), on the ravine's curvatures. Each cell of the
// grid is coloured by its rate, computed by the package (gdnotes.theory.momentum_map) and sent
// in the config; the dashed edge α = 2(1 + β)/λmax, beyond which the heavy ball does not
// converge, and Polyak's best point (a star) are drawn from their closed forms. A cursor moves
// over the grid with the pointer, a tap or the arrow keys; the readout says α, β, the rate and
// the regime. A click, a tap or Enter picks the cell: the map sends the DOM event named in the
// config (gdnotes:momentum, detail {learningRate, beta}) on document, and the momentum race on
// the page takes those values (momentum-race.js; it sets detail.accepted). The race says when its
// α or β change (gdnotes:momentum-race), and the map moves its ring, the race's point, there.
(function () {
  "use strict";

  const LEFT = 56;
  const RIGHT = 14;
  const TOP = 14;
  const WORDS = {
    creeps: "creeps: overdamped, the slow direction crawls",
    zigzags: "zigzags: the steep direction flips sign every step",
    swings: "swings: underdamped, it spirals in at √β per step",
    "does not converge": "does not converge",
  };

  function setup(root, ui, tools) {
    const { config, format: f } = tools;
    const alphas = config.alphas;
    const betas = config.betas;
    const nA = alphas.length;
    const nB = betas.length;
    const hA = alphas[1] - alphas[0];
    const hB = betas[1] - betas[0];
    const top = Math.max.apply(null, config.curvatures);
    const scale = config.scale;
    const best = config.best;
    const xRange = [alphas[0] - hA / 2, alphas[nA - 1] + hA / 2];
    const yRange = [betas[0] - hB / 2, betas[nB - 1] + hB / 2];

    // the cell nearest (α, β)
    function cellAt(alpha, beta) {
      return [
        Math.max(0, Math.min(nA - 1, Math.round((alpha - alphas[0]) / hA))),
        Math.max(0, Math.min(nB - 1, Math.round((beta - betas[0]) / hB))),
      ];
    }
    let cursor = cellAt(config.marked[0], config.marked[1]);
    let picked = config.marked.slice(); // the race's α and β, as it last said: ringed

    const layer = tools.appCanvas(
      ui,
      "map of learning rate and momentum",
      "Map of the heavy ball's rate per step over the learning rate α (across) and the momentum β (up). Move the pointer " +
        "over it or use the arrow keys (Shift for bigger moves) to read the rate at a point; click, tap or press Enter to " +
        "set the momentum race to that α and β. Home goes back to the race's first setting, End to the best point."
    );
    layer.canvas.style.touchAction = "pan-y";
    layer.canvas.style.cursor = "crosshair";
    const readout = tools.el("p", { class: "gd-readout", "aria-hidden": "true" });
    ui.appendChild(readout);
    const [pickButton, bestButton] = tools.buttons(ui, "", [["Race with this α and β", true], ["Race at the best point"]]);
    const status = tools.status(ui);

    // --- the numbers of a cell
    function cell(c) {
      const i = c[0];
      const j = c[1];
      return { alpha: alphas[i], beta: betas[j], rate: config.rates[j][i], regime: config.regimeNames[Number(config.regimes[j][i])] };
    }

    function tenfold(rate) {
      return rate >= 1 ? null : rate === 0 ? 1 : Math.ceil(Math.log(0.1) / Math.log(rate));
    }

    function describe(p) {
      const steps = tenfold(p.rate);
      return (
        "α = " + f(p.alpha) + ", β = " + f(p.beta) + ": rate " + f(p.rate) + " per step" +
        (steps === null ? ", the distance never shrinks; it " : ", about " + steps + " steps to shrink the distance tenfold; it ") +
        WORDS[p.regime] + "."
      );
    }

    function showReadout() {
      const p = cell(cursor);
      const steps = tenfold(p.rate);
      tools.parts(readout, [
        "α = " + f(p.alpha),
        "β = " + f(p.beta),
        "rate " + f(p.rate) + " per step",
        steps === null ? "never shrinks" : steps + " steps per tenfold shrink",
        p.regime,
      ]);
    }

    // --- picking: the race takes the values
    function send(alpha, beta, rate, what) {
      const detail = { learningRate: alpha, beta: beta, accepted: false };
      document.dispatchEvent(new CustomEvent(config.event, { detail: detail }));
      if (detail.accepted) {
        picked = [alpha, beta];
        say(what + " The momentum race now runs with α = " + f(alpha) + " and β = " + f(beta) + " (rate " + f(rate) + " per step): press Play there.");
      } else {
        say(what + " There is no momentum race on this page to set.");
      }
      redraw();
    }

    function pick() {
      const p = cell(cursor);
      send(p.alpha, p.beta, p.rate, describe(p));
    }

    function pickBest() {
      const alpha = Number(best.learningRate.toPrecision(4));
      const beta = Number(best.beta.toPrecision(4));
      cursor = cellAt(alpha, beta);
      showReadout();
      send(alpha, beta, best.rate, "The best point: α = " + f(alpha) + ", β = " + f(beta) + ", rate " + f(best.rate) + " per step.");
    }

    let sayTimer = null;
    function say(text, delay) {
      if (sayTimer !== null) tools.cancelLater(sayTimer);
      sayTimer = tools.later(function () {
        sayTimer = null;
        status.textContent = text;
      }, delay || 0);
    }

    function move(next, source) {
      cursor = [Math.max(0, Math.min(nA - 1, next[0])), Math.max(0, Math.min(nB - 1, next[1]))];
      showReadout();
      redraw();
      if (source === "key") say(describe(cell(cursor)) + " Enter sets the race to it.", 250);
    }

    tools.on(document, "gdnotes:momentum-race", function (event) {
      const d = event.detail || {};
      if (!Number.isFinite(d.learningRate) || !Number.isFinite(d.beta)) return;
      picked = [d.learningRate, d.beta];
      redraw();
    });

    tools.on(pickButton, "click", pick);
    tools.on(bestButton, "click", pickBest);

    // --- keys
    tools.on(layer.canvas, "keydown", function (event) {
      const big = event.shiftKey ? 5 : 1;
      const moves = { ArrowLeft: [-big, 0], ArrowRight: [big, 0], ArrowUp: [0, big], ArrowDown: [0, -big] };
      if (moves[event.key]) {
        move([cursor[0] + moves[event.key][0], cursor[1] + moves[event.key][1]], "key");
      } else if (event.key === "Home") {
        move(cellAt(config.marked[0], config.marked[1]), "key");
      } else if (event.key === "End") {
        move(cellAt(best.learningRate, best.beta), "key");
      } else if (event.key === "Enter" || event.key === " ") {
        pick();
      } else {
        return;
      }
      event.preventDefault();
    });

    // --- pointer: a mouse reads on hover and picks on a click; a finger or pen picks on a tap (a swipe scrolls)
    function cellOfEvent(event) {
      const here = layer.pointer(event);
      if (!plot.near(here[0], here[1], 4)) return null;
      const p = plot.at(here[0], here[1]);
      return cellAt(p[0], p[1]);
    }
    let press = null;
    tools.on(layer.canvas, "pointermove", function (event) {
      if (event.pointerType !== "mouse") return;
      const c = cellOfEvent(event);
      if (c && (c[0] !== cursor[0] || c[1] !== cursor[1])) move(c, "pointer");
    });
    tools.on(layer.canvas, "pointerdown", function (event) {
      if (event.button !== undefined && event.button > 0) return;
      press = { id: event.pointerId, x: event.clientX, y: event.clientY };
    });
    tools.on(layer.canvas, "pointerup", function (event) {
      if (!press || event.pointerId !== press.id) return;
      const still = Math.hypot(event.clientX - press.x, event.clientY - press.y) < 10;
      press = null;
      const c = still ? cellOfEvent(event) : null;
      if (!c) return;
      move(c, "pointer");
      pick();
    });
    tools.on(layer.canvas, "pointercancel", function () {
      press = null;
    });

    // --- colours
    const stops = scale.stops.map(tools.rgba);
    const low = Math.log(-1 / Math.log(scale.fastest));
    const high = Math.log(-1 / Math.log(scale.slowest));
    // gdnotes.widgets.momentum_map.shade: 0 (fastest) to 1 (slowest), even in the log of the steps per factor e
    function shade(rate) {
      const r = Math.min(Math.max(rate, scale.fastest), scale.slowest);
      return (Math.log(-1 / Math.log(r)) - low) / (high - low);
    }
    function color(t) {
      const x = Math.min(Math.max(t, 0), 1) * (stops.length - 1);
      const k = Math.min(Math.floor(x), stops.length - 2);
      const u = x - k;
      return [0, 1, 2].map(function (c) {
        return Math.round(stops[k][c] + (stops[k + 1][c] - stops[k][c]) * u);
      });
    }

    // the heat map at one pixel a cell: drawn scaled up, without smoothing (cells stay cells)
    const cells = document.createElement("canvas");
    cells.width = nA;
    cells.height = nB;
    (function () {
      const ctx = cells.getContext("2d");
      const image = ctx.createImageData(nA, nB);
      for (let j = 0; j < nB; j++) {
        for (let i = 0; i < nA; i++) {
          const at = ((nB - 1 - j) * nA + i) * 4;
          if (config.regimes[j][i] === "3") continue; // does not converge: left clear, hatched below
          const c = color(shade(config.rates[j][i]));
          image.data[at] = c[0];
          image.data[at + 1] = c[1];
          image.data[at + 2] = c[2];
          image.data[at + 3] = 255;
        }
      }
      ctx.putImageData(image, 0, 0);
    })();

    // --- drawing
    let plot = null;
    let bar = null;

    function layout(width) {
      const plotWidth = width - LEFT - RIGHT;
      const plotHeight = Math.round(Math.max(190, Math.min(330, plotWidth * 0.62)));
      plot = tools.plotBox({ left: LEFT, top: TOP, width: plotWidth, height: plotHeight }, xRange, yRange);
      bar = { left: LEFT, top: TOP + plotHeight + 58, width: plotWidth, height: 12 };
      layer.size(width, bar.top + bar.height + (width < 440 ? 66 : 48));
      paintBackground();
    }

    // Everything but the cursor and the race's ring changes only with the size or the palette.
    function paintBackground() {
      const ctx = layer.backdrop();
      const colors = tools.colors;
      const r = plot.rect;
      // hatching where the heavy ball does not converge
      ctx.save();
      plot.clip(ctx);
      ctx.strokeStyle = colors.faint;
      ctx.lineWidth = 1;
      ctx.beginPath();
      for (let d = -r.height; d < r.width; d += 8) {
        ctx.moveTo(r.left + d, r.top + r.height);
        ctx.lineTo(r.left + d + r.height, r.top);
      }
      ctx.stroke();
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(cells, r.left, r.top, r.width, r.height);
      // the edge, α = 2(1 + β)/λmax, with a halo
      ctx.setLineDash([7, 4]);
      [
        [colors.background, 4.5],
        [colors.ink, 2],
      ].forEach(function (s) {
        ctx.strokeStyle = s[0];
        ctx.lineWidth = s[1];
        ctx.beginPath();
        ctx.moveTo(plot.sx((2 * (1 + yRange[0])) / top), plot.sy(yRange[0]));
        ctx.lineTo(plot.sx((2 * (1 + yRange[1])) / top), plot.sy(yRange[1]));
        ctx.stroke();
      });
      ctx.setLineDash([]);
      // the best point
      tools.star(ctx, plot.sx(best.learningRate), plot.sy(best.beta), 9);
      ctx.fillStyle = colors.marble;
      ctx.strokeStyle = colors.ink;
      ctx.lineWidth = 1.5;
      ctx.fill();
      ctx.stroke();
      ctx.restore();
      plot.axes(ctx, colors, { font: tools.font(12) });
      ctx.font = tools.font(12);
      ctx.fillStyle = colors.ink;
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      ctx.fillText("learning rate α", r.left + r.width / 2, r.top + r.height + 22);
      ctx.save();
      ctx.translate(10, r.top + r.height / 2);
      ctx.rotate(-Math.PI / 2);
      ctx.textBaseline = "middle";
      ctx.fillText("momentum β", 0, 0);
      ctx.restore();
      paintScale(ctx, colors);
    }

    // The colour bar: fast (left) to slow (right), with rates marked; then what the marks on the map mean.
    function paintScale(ctx, colors) {
      const gradient = ctx.createLinearGradient(bar.left, 0, bar.left + bar.width, 0);
      for (let k = 0; k <= 20; k++) {
        const c = color(k / 20);
        gradient.addColorStop(k / 20, "rgb(" + c.join(",") + ")");
      }
      ctx.fillStyle = gradient;
      ctx.fillRect(bar.left, bar.top, bar.width, bar.height);
      ctx.font = tools.font(11);
      ctx.fillStyle = colors.ink;
      ctx.strokeStyle = colors.ink;
      ctx.lineWidth = 1;
      ctx.textBaseline = "top";
      ctx.textAlign = "center";
      let last = -Infinity;
      [scale.fastest].concat(scale.ticks).forEach(function (t) {
        const x = bar.left + shade(t) * bar.width;
        ctx.beginPath();
        ctx.moveTo(x + 0.5, bar.top + bar.height);
        ctx.lineTo(x + 0.5, bar.top + bar.height + 4);
        ctx.stroke();
        const text = f(t, 3);
        const w = ctx.measureText(text).width;
        if (x - w / 2 > last + 4) {
          ctx.fillText(text, x, bar.top + bar.height + 6);
          last = x + w / 2;
        }
      });
      ctx.textBaseline = "bottom";
      ctx.textAlign = "left";
      ctx.fillText("rate per step: faster ←", bar.left, bar.top - 3);
      ctx.textAlign = "right";
      ctx.fillText("→ slower", bar.left + bar.width, bar.top - 3);
      // the marks
      let y = bar.top + bar.height + 34;
      let x = bar.left;
      ctx.textAlign = "left";
      ctx.textBaseline = "middle";
      const mark = function (drawIt, words) {
        if (x + 18 + ctx.measureText(words).width > layer.width) {
          x = bar.left; // a narrow screen: on to a second line (layout() leaves room)
          y += 18;
        }
        drawIt(x + 7, y);
        ctx.fillStyle = colors.ink;
        ctx.fillText(words, x + 18, y);
        x += 18 + ctx.measureText(words).width + 14;
      };
      mark(function (cx, cy) {
        tools.star(ctx, cx, cy, 7);
        ctx.fillStyle = colors.marble;
        ctx.fill();
      }, "best");
      mark(function (cx, cy) {
        ctx.setLineDash([4, 2]);
        ctx.strokeStyle = colors.ink;
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.moveTo(cx - 7, cy + 5);
        ctx.lineTo(cx + 7, cy - 5);
        ctx.stroke();
        ctx.setLineDash([]);
      }, "edge");
      mark(function (cx, cy) {
        tools.ring(ctx, cx, cy, 5, colors.ink);
      }, "race");
      mark(function (cx, cy) {
        ctx.save();
        ctx.strokeStyle = colors.faint;
        ctx.lineWidth = 1;
        ctx.strokeRect(cx - 6, cy - 5, 12, 10);
        ctx.beginPath();
        ctx.moveTo(cx - 6, cy + 5);
        ctx.lineTo(cx + 4, cy - 5);
        ctx.stroke();
        ctx.restore();
      }, "no convergence");
    }

    function redraw() {
      tools.timed(draw);
    }

    function draw() {
      const ctx = layer.ctx;
      const colors = tools.colors;
      layer.clear();
      // the race's setting: a ring (none if the race runs off the map)
      if (picked[0] >= xRange[0] && picked[0] <= xRange[1] && picked[1] >= yRange[0] && picked[1] <= yRange[1]) {
        tools.ring(ctx, plot.sx(picked[0]), plot.sy(picked[1]), 6, colors.background);
        tools.ring(ctx, plot.sx(picked[0]), plot.sy(picked[1]), 4.5, colors.ink);
      }
      // the cursor: the cell, outlined, with a halo
      const x0 = plot.sx(alphas[cursor[0]] - hA / 2);
      const x1 = plot.sx(alphas[cursor[0]] + hA / 2);
      const y0 = plot.sy(betas[cursor[1]] + hB / 2);
      const y1 = plot.sy(betas[cursor[1]] - hB / 2);
      const w = Math.max(x1 - x0, 8);
      const h = Math.max(y1 - y0, 8);
      const cx = (x0 + x1) / 2;
      const cy = (y0 + y1) / 2;
      ctx.lineWidth = 4;
      ctx.strokeStyle = colors.background;
      ctx.strokeRect(cx - w / 2 - 1, cy - h / 2 - 1, w + 2, h + 2);
      ctx.lineWidth = 2;
      ctx.strokeStyle = colors.ink;
      ctx.strokeRect(cx - w / 2 - 1, cy - h / 2 - 1, w + 2, h + 2);
    }

    showReadout();
    status.textContent =
      "The race starts at α = " + f(picked[0]) + ", β = " + f(picked[1]) + ", rate " + f(cell(cursor).rate) + " per step. The best point is α = " +
      f(best.learningRate) + ", β = " + f(best.beta) + ", rate " + f(best.rate) + ". Pick a point on the map to race with it.";

    return tools.hooks(layout, paintBackground, draw, {
      state: function () {
        const p = cell(cursor);
        return { cursor: cursor.slice(), alpha: p.alpha, beta: p.beta, rate: p.rate, regime: p.regime, picked: picked.slice() };
      },
      // Test hook: where (α, β) is on the canvas (CSS px from its top left).
      pixel: function (alpha, beta) {
        return [plot.sx(alpha), plot.sy(beta)];
      },
    });
  }

  window.gdnotes.widgets.define("momentum-map", setup);
})();
