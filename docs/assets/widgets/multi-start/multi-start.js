// gdnotes widget "multi-start" (lesson 6): drop marbles on the contour map of a
// loss with several minima and watch each roll to where gradient descent takes
// it. A marble is dropped by a click or a tap, by the keyboard (a cursor moved
// with the arrow keys, dropped with Enter), or eight at a time by a seeded
// generator (the same marbles on every visit). Each runs the layer's `descend`
// (the package's update and divergence rule) for at most `steps` steps; once it
// has settled (the layer's `settling`, the rule of gdnotes.widgets.settling and
// of the lesson's basin map) it takes the colour of its minimum, and the legend
// counts the marbles in each.
(function () {
  "use strict";

  const STEPS_PER_SECOND = 24;

  // A small seeded generator of numbers in [0, 1) (mulberry32): reproducible drops.
  function generator(seed) {
    let state = seed >>> 0;
    return function () {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function setup(root, ui, tools, maps) {
    const { config, surface, format: f } = tools;
    const { labels, bounds } = surface;
    const { minima, steps } = config;
    const centre = [(bounds[0][0] + bounds[0][1]) / 2, (bounds[1][0] + bounds[1][1]) / 2];

    let rate = config.learningRate;
    let marbles = [];
    let count = 0; // marbles dropped since the last Clear (their numbers)
    let rolling = true; // the reader's choice: Play (marbles roll on their own) or Pause
    let handle = null;
    let before = null;
    let random = generator(config.seed);
    let cursor = centre.slice();
    let focused = false;
    let pending = []; // marbles that stopped since the last announcement
    let sayTimer = null;
    let announceTimer = null;
    let basinColors = [];

    // the grid the contours come from (fixed for the page)
    const nx = 97;
    const ny = Math.round((nx - 1) * ((bounds[1][1] - bounds[1][0]) / (bounds[0][1] - bounds[0][0]))) + 1;
    const grid = maps.sample(surface.value, bounds, nx, ny);
    const rings = config.levels.map(function (level) {
      return tools.contour(grid.values, grid.xs, grid.ys, level);
    });

    // --- what the widget adds
    const layer = tools.appCanvas(
      ui,
      "contour map",
      "Contour map of the loss with its " + minima.length + " minima numbered by depth. Click or tap to drop a marble. " +
        "With the keyboard, move the cursor with the arrow keys (Shift for bigger moves) and press Enter to drop one there."
    );
    layer.canvas.style.touchAction = "manipulation";
    layer.canvas.style.cursor = "crosshair";
    const readout = tools.el("p", { class: "gd-readout", "aria-hidden": "true" });
    ui.appendChild(readout);

    const [playButton, stepButton, dropButton, clearButton] = tools.buttons(ui, "gd-buttons", [
      ["Pause", true],
      ["Step"],
      ["Drop " + config.batch + " random marbles"],
      ["Clear"],
    ]);
    const controls = tools.el("div", { class: "gd-controls" });
    ui.appendChild(controls);
    const rateControl = tools.rateControl(controls, { value: rate, onChange: setRate });
    ui.appendChild(rateControl.message);
    const status = tools.status(ui);

    // the legend: one row per minimum with its count, then the marbles in no minimum
    const legend = tools.el("ul", { class: "gd-basins", "aria-label": "Where the marbles ended" });
    const counters = [];
    minima.forEach(function (m, i) {
      const number = tools.el("strong", { text: "0" });
      counters.push(number);
      legend.appendChild(
        tools.el("li", {}, [
          tools.el("span", { class: "gd-dot", style: "background: var(--gd-w-basin-" + (i + 1) + ")" }),
          tools.el("span", { text: "Minimum " + (i + 1) + " (" + m.kind + ", f = " + f(m.loss, 4) + "): " }),
          number,
        ])
      );
    });
    const others = [
      ["gd-dot gd-dot-rolling", "still rolling: "],
      ["gd-dot gd-dot-unsettled", "in no minimum after " + steps + " steps: "],
      ["gd-dot gd-dot-diverged", "diverged: "],
    ].map(function (item) {
      const number = tools.el("strong", { text: "0" });
      legend.appendChild(tools.el("li", { class: "gd-basins-other" }, [tools.el("span", { class: item[0] }), tools.el("span", { text: item[1] }), number]));
      return number;
    });
    ui.appendChild(legend);

    // --- input
    function fromPointer(event) {
      const here = layer.pointer(event);
      return plot.near(here[0], here[1], 2) ? plot.at(here[0], here[1]) : null;
    }
    tools.on(layer.canvas, "click", function (event) {
      const point = fromPointer(event);
      if (point) {
        cursor = point;
        drop([point]);
      }
    });
    tools.on(layer.canvas, "focus", function () {
      focused = layer.canvas.matches(":focus-visible");
      tools.timed(draw);
    });
    tools.on(layer.canvas, "blur", function () {
      focused = false;
      tools.timed(draw);
    });
    maps.mapKeys(tools, layer.canvas, {
      big: 4,
      step: function () {
        return config.keyStep;
      },
      move: function (d) {
        cursor = cursor.map(function (c, i) {
          const next = Math.round((c + d[i]) / config.keyStep) * config.keyStep;
          return Math.max(bounds[i][0], Math.min(bounds[i][1], next));
        });
        tools.timed(draw);
        say("Cursor at (" + labels.join(", ") + ") = " + tools.point(cursor) + ", loss " + f(surface.value(cursor)) + ". Press Enter to drop a marble here.", 250);
      },
      home: function () {
        cursor = centre.slice();
        tools.timed(draw);
        say("Cursor at " + tools.point(cursor) + ".", 250);
      },
      enter: function () {
        drop([cursor.slice()]);
      },
    });
    tools.on(playButton, "click", function () {
      rolling = !rolling;
      if (rolling) {
        if (!marbles.length) say("Drop a marble first: click or tap the map, or use “Drop " + config.batch + " random marbles”.");
        else if (unfinished().length) say("Playing: the marbles roll.");
        else say("Every marble has stopped. Drop another, or change α to start them all again.");
        go();
      } else {
        stop();
        say("Paused" + (unfinished().length ? ": press Step to move every rolling marble by one step, or Play." : "."));
      }
      buttons();
    });
    tools.on(stepButton, "click", function () {
      rolling = false;
      stop();
      const moving = unfinished();
      moving.forEach(ensure);
      if (!marbles.length) {
        say("Drop a marble first: click or tap the map, or use “Drop " + config.batch + " random marbles”.");
      } else if (!moving.length) {
        say("Every marble has stopped. Drop another, or change α.");
      } else {
        moving.forEach(function (m) {
          m.shown = Math.min(m.end, Math.floor(m.shown) + 1);
        });
        tools.timed(draw);
        const stopped = moving.filter(done);
        stopped.forEach(finish);
        counts();
        if (!stopped.length) {
          const m = moving[moving.length - 1];
          say(
            (moving.length > 1 ? moving.length + " marbles took a step. " : "") + "Marble " + m.number + ": step " + Math.floor(m.shown) +
              ", at " + tools.point(m.path.positions[Math.floor(m.shown)], 3) + ", loss " + f(m.path.losses[Math.floor(m.shown)]) + "."
          );
        } else {
          announce();
        }
      }
      buttons();
    });
    tools.on(dropButton, "click", function () {
      const points = [];
      for (let i = 0; i < config.batch; i++) {
        points.push(
          bounds.map(function (b) {
            return b[0] + (b[1] - b[0]) * random();
          })
        );
      }
      drop(points);
    });
    tools.on(clearButton, "click", function () {
      stop();
      marbles = [];
      count = 0;
      pending = [];
      random = generator(config.seed);
      counts();
      tools.timed(draw);
      say("The map is clear. The random drops start again from the same marbles.");
      buttons();
    });

    // --- marbles
    // A marble's run is computed when it is first needed (on a new α, a few
    // marbles per frame, so that dragging the slider stays smooth).
    function reset(m) {
      m.path = null;
      m.ends = null;
      m.end = Infinity; // where it stops moving: settled, diverged, or out of steps
      m.shown = 0;
      m.told = false;
    }

    function ensure(m) {
      if (m.path) return;
      m.path = tools.descend(m.start, rate, steps);
      m.ends = tools.settling(m.path, minima, config.tolerance);
      m.end = m.ends.step;
    }

    function done(m) {
      return m.shown >= m.end;
    }

    function unfinished() {
      return marbles.filter(function (m) {
        return !done(m);
      });
    }

    function drop(points) {
      const room = config.maxMarbles - marbles.length;
      if (room <= 0) {
        say("The map holds at most " + config.maxMarbles + " marbles: press Clear to start again.");
        return;
      }
      const added = points.slice(0, room).map(function (p) {
        const m = {
          number: ++count,
          start: p.map(function (c) {
            return Math.round(c * 100) / 100;
          }),
        };
        reset(m);
        ensure(m);
        return m;
      });
      marbles = marbles.concat(added);
      counts();
      let text =
        added.length === 1
          ? "Marble " + added[0].number + " dropped at " + tools.point(added[0].start) + ", loss " + f(surface.value(added[0].start)) + "."
          : added.length + " marbles dropped at random, numbered " + added[0].number + " to " + added[added.length - 1].number + ".";
      if (added.length < points.length) text += " The map is full (" + config.maxMarbles + " marbles).";
      if (!rolling) text += " Press Play or Step to let " + (added.length === 1 ? "it" : "them") + " roll.";
      say(text);
      if (rolling) go();
      else tools.timed(draw);
      // a marble dropped on a minimum has already stopped
      added.filter(done).forEach(finish);
      if (pending.length) announceLater();
      buttons();
    }

    function setRate(value) {
      rate = value;
      stop();
      pending = [];
      marbles.forEach(reset);
      counts();
      say(
        "α = " + f(rate) + (marbles.length ? ": every marble starts again from where it was dropped." : ". Drop a marble to see where it goes."),
        350
      );
      if (rolling) go();
      else tools.timed(draw);
      buttons();
    }

    // Roll the unfinished marbles (all at once when motion is reduced).
    function go() {
      if (tools.reducedMotion()) {
        unfinished().forEach(function (m) {
          ensure(m);
          m.shown = m.end;
          finish(m);
        });
        counts();
        tools.timed(draw);
        return;
      }
      if (handle === null && unfinished().length) {
        before = null;
        handle = tools.frame(tick);
      }
    }

    function tick(time) {
      const advance = before === null ? 0 : ((time - before) / 1000) * STEPS_PER_SECOND;
      before = time;
      let stopped = false;
      const t0 = performance.now();
      marbles.forEach(function (m) {
        if (!m.path) {
          if (performance.now() - t0 > 6) return; // the rest wait for the next frame
          ensure(m);
          if (done(m)) {
            finish(m);
            stopped = true;
          }
          return;
        }
        if (done(m)) return;
        m.shown = Math.min(m.end, m.shown + advance);
        if (done(m)) {
          finish(m);
          stopped = true;
        }
      });
      if (stopped) counts();
      tools.timed(draw);
      handle = unfinished().length ? tools.frame(tick) : null;
      if (handle === null) buttons();
    }

    function stop() {
      if (handle !== null) tools.cancelFrame(handle);
      handle = null;
    }

    function finish(m) {
      if (m.told) return;
      m.told = true;
      pending.push(m);
      announceLater();
    }

    // --- words
    function outcome(m) {
      const ends = m.ends;
      if (ends.label >= 0) return "settled in minimum " + (ends.label + 1) + " after " + ends.step + " steps";
      if (ends.label === -2) return "diverged at step " + ends.step;
      return "is still moving after " + steps + " steps, in no minimum";
    }

    function announceLater() {
      if (announceTimer !== null) tools.cancelLater(announceTimer);
      announceTimer = tools.later(announce, 300);
    }

    function announce() {
      if (announceTimer !== null) tools.cancelLater(announceTimer);
      announceTimer = null;
      if (pending.length && sayTimer !== null) {
        // what the marbles did is newer than a message still waiting to be said
        tools.cancelLater(sayTimer);
        sayTimer = null;
      }
      const told = pending;
      pending = [];
      if (!told.length) return;
      if (marbles.length > 1 && !unfinished().length) {
        status.textContent = "All " + marbles.length + " marbles have stopped: " + summary() + ".";
      } else if (told.length <= 3) {
        status.textContent = told
          .map(function (m) {
            return "Marble " + m.number + " " + outcome(m) + ".";
          })
          .join(" ");
      } else {
        status.textContent = told.length + " marbles have stopped; so far " + summary() + ".";
      }
    }

    function tally() {
      const settled = minima.map(function () {
        return 0;
      });
      const rest = [0, 0, 0]; // rolling, in no minimum, diverged
      marbles.forEach(function (m) {
        if (!done(m)) rest[0]++;
        else if (m.ends.label >= 0) settled[m.ends.label]++;
        else if (m.ends.label === -1) rest[1]++;
        else rest[2]++;
      });
      return { settled: settled, rest: rest };
    }

    function summary() {
      const t = tally();
      const parts = [];
      t.settled.forEach(function (n, i) {
        if (n) parts.push(n + " in minimum " + (i + 1));
      });
      if (t.rest[1]) parts.push(t.rest[1] + " in no minimum after " + steps + " steps");
      if (t.rest[2]) parts.push(t.rest[2] + " diverged");
      if (t.rest[0]) parts.push(t.rest[0] + " still rolling");
      return parts.join(", ");
    }

    function counts() {
      const t = tally();
      t.settled.forEach(function (n, i) {
        counters[i].textContent = String(n);
      });
      t.rest.forEach(function (n, i) {
        others[i].textContent = String(n);
      });
    }

    // Say `text` now, or after `delay` ms (cancelling anything not yet said).
    function say(text, delay) {
      if (sayTimer !== null) tools.cancelLater(sayTimer);
      sayTimer = null;
      if (delay) {
        sayTimer = tools.later(function () {
          sayTimer = null;
          status.textContent = text;
        }, delay);
      } else {
        status.textContent = text;
      }
    }

    function buttons() {
      playButton.textContent = rolling ? "Pause" : "Play";
      stepButton.disabled = !unfinished().length;
      clearButton.disabled = !marbles.length;
      dropButton.disabled = marbles.length >= config.maxMarbles;
    }

    // --- drawing
    let plot = null;

    function readColors() {
      const style = getComputedStyle(root);
      basinColors = minima.map(function (m, i) {
        return style.getPropertyValue("--gd-w-basin-" + (i + 1)).trim() || tools.colors.curve;
      });
    }

    function layout(width) {
      plot = maps.fitMap(tools, layer, width, bounds, Math.max(240, Math.min(540, window.innerHeight * 0.62)));
      paintBackground();
    }

    // The map changes only with the size or the palette: drawn once, copied on each frame.
    function paintBackground() {
      readColors();
      const ctx = layer.backdrop();
      const colors = tools.colors;
      plot.axes(ctx, colors, { font: tools.font(12), xLabel: labels[0], yLabel: labels[1] });
      plot.faintContours(ctx, colors, rings);
      ctx.restore();
      // the minima: stars in their colours, numbered by depth
      ctx.font = "bold " + tools.font(13);
      ctx.textBaseline = "bottom";
      ctx.textAlign = "left";
      minima.forEach(function (m, i) {
        const px = plot.sx(m.point[0]);
        const py = plot.sy(m.point[1]);
        star(ctx, px, py, 9, basinColors[i], colors.ink);
        ctx.lineWidth = 3;
        ctx.strokeStyle = colors.background;
        ctx.strokeText(String(i + 1), px + 8, py - 5);
        ctx.fillStyle = colors.ink;
        ctx.fillText(String(i + 1), px + 8, py - 5);
      });
    }

    function star(ctx, x, y, radius, fill, ink) {
      tools.star(ctx, x, y, radius);
      ctx.fillStyle = fill;
      ctx.fill();
      ctx.lineWidth = 1;
      ctx.strokeStyle = ink;
      ctx.stroke();
    }

    // Where marble m is drawn: between its iterates while it moves.
    function spot(m) {
      if (!m.path) return m.start;
      const k = Math.floor(m.shown);
      const t = m.shown - k;
      const a = m.path.positions[k];
      const b = k < m.path.last ? m.path.positions[k + 1] : a;
      return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
    }

    function draw() {
      const ctx = layer.ctx;
      const colors = tools.colors;
      layer.clear();
      const sx = plot.sx;
      const sy = plot.sy;
      const r = plot.rect;

      ctx.save();
      plot.clip(ctx);
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      marbles.forEach(function (m) {
        const finished = done(m);
        const color = finished && m.ends.label >= 0 ? basinColors[m.ends.label] : finished ? colors.faint : colors.ink;
        const k = Math.floor(m.shown);
        const here = spot(m);
        ctx.strokeStyle = color;
        ctx.globalAlpha = finished ? 0.9 : 0.55;
        ctx.lineWidth = finished ? 1.8 : 1.3;
        if (finished && m.ends.label === -2) ctx.setLineDash([4, 3]);
        ctx.beginPath();
        ctx.moveTo(sx(m.start[0]), sy(m.start[1]));
        for (let i = 1; i <= k; i++) ctx.lineTo(sx(m.path.positions[i][0]), sy(m.path.positions[i][1]));
        ctx.lineTo(sx(here[0]), sy(here[1]));
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.globalAlpha = 1;
        // where it was dropped
        ctx.lineWidth = 1.5;
        ctx.beginPath();
        ctx.arc(sx(m.start[0]), sy(m.start[1]), 3.5, 0, 2 * Math.PI);
        ctx.stroke();
      });
      ctx.restore();

      // the marbles themselves, on top of every trail
      marbles.forEach(function (m) {
        const finished = done(m);
        const here = spot(m);
        const px = sx(here[0]);
        const py = sy(here[1]);
        const inside = Number.isFinite(px) && Number.isFinite(py) && px >= r.left && px <= r.left + r.width && py >= r.top && py <= r.top + r.height;
        if (!inside) {
          // it left the map: an arrow at the edge points where it went
          const cx = Math.max(r.left + 7, Math.min(r.left + r.width - 7, Number.isFinite(px) ? px : r.left));
          const cy = Math.max(r.top + 7, Math.min(r.top + r.height - 7, Number.isFinite(py) ? py : r.top));
          const angle = Math.atan2(py - cy, px - cx) || 0;
          tools.arrow(ctx, cx - 14 * Math.cos(angle), cy - 14 * Math.sin(angle), cx, cy, finished ? colors.faint : colors.ink, 2.5);
          return;
        }
        ctx.beginPath();
        ctx.arc(px, py, 5.5, 0, 2 * Math.PI);
        if (finished && m.ends.label >= 0) {
          ctx.fillStyle = basinColors[m.ends.label];
          ctx.fill();
          ctx.lineWidth = 1.5;
          ctx.strokeStyle = colors.ink;
          ctx.stroke();
        } else if (finished) {
          ctx.lineWidth = 2;
          ctx.strokeStyle = colors.faint;
          ctx.stroke();
        } else {
          ctx.fillStyle = colors.background;
          ctx.fill();
          ctx.lineWidth = 2.5;
          ctx.strokeStyle = colors.ink;
          ctx.stroke();
        }
      });

      if (!marbles.length) {
        ctx.save();
        ctx.font = tools.font(14);
        ctx.textAlign = "center";
        ctx.textBaseline = "middle";
        const text = "Click or tap the map to drop a marble";
        const x = r.left + r.width / 2;
        const y = r.top + r.height * 0.5;
        ctx.lineWidth = 4;
        ctx.strokeStyle = colors.background;
        ctx.strokeText(text, x, y);
        ctx.fillStyle = colors.ink;
        ctx.fillText(text, x, y);
        ctx.restore();
      }

      if (focused) {
        // the keyboard's cursor
        const px = sx(cursor[0]);
        const py = sy(cursor[1]);
        ctx.save();
        ctx.strokeStyle = colors.accent;
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.arc(px, py, 9, 0, 2 * Math.PI);
        ctx.moveTo(px - 15, py);
        ctx.lineTo(px - 5, py);
        ctx.moveTo(px + 5, py);
        ctx.lineTo(px + 15, py);
        ctx.moveTo(px, py - 15);
        ctx.lineTo(px, py - 5);
        ctx.moveTo(px, py + 5);
        ctx.lineTo(px, py + 15);
        ctx.stroke();
        ctx.restore();
      }

      const last = marbles[marbles.length - 1];
      const parts = ["α = " + f(rate), marbles.length + (marbles.length === 1 ? " marble" : " marbles")];
      if (last && last.path) {
        const k = Math.floor(last.shown);
        parts.push("marble " + last.number + ": step " + k);
        parts.push("(" + labels.join(", ") + ") = " + tools.point(last.path.positions[k], 3));
        parts.push("loss " + f(last.path.losses[k]));
      }
      if (focused) parts.push("cursor " + tools.point(cursor));
      tools.parts(readout, parts);
    }

    counts();
    buttons();
    status.textContent = "No marbles yet. Click or tap the map to drop one, or drop " + config.batch + " at random.";

    return tools.hooks(layout, paintBackground, draw, {
      state: function () {
        marbles.forEach(ensure);
        return {
          rate: rate,
          rolling: rolling,
          box: Object.assign({}, plot.rect), // the plot's rectangle in the canvas (CSS px), for the tests
          moving: handle !== null,
          cursor: cursor.slice(),
          counts: tally(),
          marbles: marbles.map(function (m) {
            return {
              number: m.number,
              start: m.start.slice(),
              shown: m.shown,
              end: m.end,
              label: m.ends.label,
              step: m.ends.step,
              last: m.path.last,
              divergedAt: m.path.divergedAt,
            };
          }),
        };
      },
    });
  }

  window.gdnotes.widgets.defineWith("multi-start", ["maps"], setup);
})();
