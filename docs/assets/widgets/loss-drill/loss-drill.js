// gdnotes widget "loss-drill" (practice page): a training-loss curve made by a hidden setting; the
// reader names its cause. The curves are gdnotes.diagnosis's cases, computed when the site was built
// and kept in the config as base-10 logarithms of the loss above its floor; this script only draws
// them, takes the answer, explains, and keeps the score. Rounds follow the config's shuffled order.
(function () {
  "use strict";

  function setup(root, ui, tools) {
    const config = tools.config;
    const causes = config.causes;
    const cases = config.cases;
    const order = config.order;
    const f = tools.format;

    let round = 0; // how many curves have been shown before this one
    let answer = null; // the index of the cause the reader picked for this curve, or null
    let right = 0;
    let answered = 0;

    const layer = tools.canvas(ui, { role: "img", "aria-label": "" });
    layer.canvas.style.touchAction = "auto";
    const readout = tools.el("p", { class: "gd-readout" });
    ui.appendChild(readout);
    const questionId = tools.id + "-question";
    ui.appendChild(tools.el("p", { class: "gd-drill-question", id: questionId, text: "What caused this curve?" }));
    const choices = causes.map(function (cause, i) {
      const choice = tools.el("button", { type: "button", class: "gd-button gd-drill-choice", "data-cause": cause.key, text: cause.label });
      tools.on(choice, "click", function () {
        pick(i);
      });
      return choice;
    });
    ui.appendChild(tools.el("div", { class: "gd-controls gd-drill-choices", role: "group", "aria-labelledby": questionId }, choices));
    const next = tools.buttons(ui, "gd-drill-next", [["Next curve", true]])[0];
    tools.on(next, "click", function () {
      advance();
    });
    const status = tools.status(ui);

    function current() {
      return cases[order[round % order.length]];
    }

    // the drawn gap at each point (log10), and the step of each point
    function points(c) {
      return c.logs.map(function (y, i) {
        return [i * c.every, y];
      });
    }

    function pick(i) {
      if (answer !== null) {
        // one answer per curve: a second press (or a quick double tap) changes nothing
        return;
      }
      answer = i;
      answered++;
      const c = current();
      const truth = causes[c.cause];
      const mine = causes[i];
      const correct = i === c.cause;
      if (correct) right++;
      choices.forEach(function (choice, j) {
        choice.removeAttribute("data-verdict");
        if (j === c.cause) choice.setAttribute("data-verdict", "answer");
        if (j === i && !correct) choice.setAttribute("data-verdict", "wrong");
        choice.setAttribute("aria-pressed", j === i ? "true" : "false");
      });
      const shape = "The tell-tale shape is " + truth.shape + ". Why: " + truth.why + ". ";
      const text = correct
        ? "Right: this curve comes from " + truth.name + ". " + shape
        : "Not quite: this curve comes from " + truth.name + ". " + shape + "(You picked " + mine.name + ", which would show " + mine.shape + ".) ";
      status.textContent = text + "The setting: " + c.setting + " Score: " + right + " of " + answered + ". Press Next curve for another.";
      tools.timed(draw);
    }

    function advance() {
      round++;
      answer = null;
      choices.forEach(function (choice) {
        choice.removeAttribute("data-verdict");
        choice.removeAttribute("aria-pressed");
      });
      ask();
      tools.timed(draw);
    }

    function ask() {
      status.textContent =
        "Curve " + (round + 1) + ": " + describe(current()) + " What caused it? Pick one of the " + causes.length + " causes.";
    }

    // The curve in words, for a reader who cannot see it: the gap at six points along the run.
    function describe(c) {
      const last = c.logs.length - 1;
      const marks = [0, 1, 2, 3, 4, 5].map(function (k) {
        return Math.round((k * last) / 5);
      });
      const words = marks
        .filter(function (m, i) {
          return i === 0 || m !== marks[i - 1];
        })
        .map(function (m) {
          const low = c.logs[m] <= config.floor;
          return "step " + m * c.every + ": " + (low ? "below " : "") + f(Math.pow(10, low ? config.floor : c.logs[m]), 2);
        });
      const stopped = c.divergedAt >= 0 ? " The run was stopped at step " + c.divergedAt + ", its loss too large to go on." : "";
      return "the loss above its bottom at " + words.join(", ") + "." + stopped;
    }

    // --- drawing
    let box = null;
    let rect = null;

    function layout(width) {
      const height = Math.max(210, Math.min(320, Math.round(width * 0.55)));
      layer.size(width, height);
      rect = { left: 54, top: 24, width: width - 54 - 14, height: height - 24 - 46 };
    }

    function decades(low, high) {
      const span = high - low;
      const step = span > 16 ? 4 : span > 8 ? 2 : 1;
      const out = [];
      for (let t = Math.ceil(low / step) * step; t <= high + 1e-9; t += step) out.push(t);
      return out;
    }

    function superscript(n) {
      const digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
      return (
        (n < 0 ? "⁻" : "") +
        String(Math.abs(n))
          .split("")
          .map(function (d) {
            return digits[Number(d)];
          })
          .join("")
      );
    }

    function draw() {
      const ctx = layer.ctx;
      const colors = tools.colors;
      const c = current();
      // below the floor the numbers are rounding noise: the curve ends where it first reaches it
      const all = points(c);
      const floorAt = all.findIndex(function (p) {
        return p[1] <= config.floor;
      });
      const pts = floorAt >= 0 ? all.slice(0, floorAt + 1) : all;
      // the whole run's steps, also when it was stopped early
      const lastStep = Math.max(1, (config.points - 1) * c.every);
      let low = Infinity;
      let high = -Infinity;
      c.logs.forEach(function (y) {
        low = Math.min(low, y);
        high = Math.max(high, y);
      });
      low = Math.floor(low - 0.2);
      high = Math.ceil(high + 0.2);
      if (high - low < 2) {
        low -= 1;
        high += 1;
      }
      box = tools.plotBox(rect, [0, lastStep], [low, high]);
      layer.clear();
      const font = tools.font(12);
      box.axes(ctx, colors, { font: font, yTicks: [] });
      // the log scale's ticks, written as powers of ten, with faint grid lines
      ctx.save();
      ctx.font = font;
      ctx.fillStyle = colors.ink;
      ctx.strokeStyle = colors.grid;
      ctx.lineWidth = 1;
      ctx.textAlign = "right";
      ctx.textBaseline = "middle";
      decades(low, high).forEach(function (t) {
        const y = box.sy(t);
        ctx.beginPath();
        ctx.moveTo(rect.left, y);
        ctx.lineTo(rect.left + rect.width, y);
        ctx.stroke();
        ctx.fillText(t === 0 ? "1" : "10" + superscript(t), rect.left - 6, y);
      });
      ctx.textAlign = "left";
      ctx.textBaseline = "bottom";
      ctx.fillText("loss above its bottom (log scale)", rect.left - 4, rect.top - 6);
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      ctx.fillText("step", rect.left + rect.width / 2, rect.top + rect.height + 22);
      ctx.restore();

      // the curve
      ctx.save();
      box.clip(ctx);
      ctx.lineJoin = "round";
      ctx.strokeStyle = colors.curve;
      ctx.lineWidth = 2;
      ctx.beginPath();
      pts.forEach(function (p, i) {
        if (i === 0) ctx.moveTo(box.sx(p[0]), box.sy(p[1]));
        else ctx.lineTo(box.sx(p[0]), box.sy(p[1]));
      });
      ctx.stroke();
      ctx.fillStyle = colors.curve;
      pts.forEach(function (p) {
        ctx.beginPath();
        ctx.arc(box.sx(p[0]), box.sy(p[1]), 2.2, 0, 2 * Math.PI);
        ctx.fill();
      });
      ctx.restore();
      if (floorAt >= 0) {
        const end = pts[pts.length - 1];
        ctx.save();
        ctx.font = font;
        ctx.fillStyle = colors.ink;
        ctx.textAlign = "left";
        ctx.textBaseline = "bottom";
        ctx.fillText("reached the floor of the plot", Math.max(rect.left + 4, Math.min(box.sx(end[0]) + 8, rect.left + rect.width - 180)), box.sy(end[1]) - 4);
        ctx.restore();
      }
      if (c.divergedAt >= 0) {
        const end = pts[pts.length - 1];
        const x = box.sx(end[0]);
        const y = box.sy(end[1]);
        ctx.save();
        ctx.strokeStyle = colors.gradient;
        ctx.lineWidth = 2.5;
        ctx.beginPath();
        ctx.moveTo(x - 6, y - 6);
        ctx.lineTo(x + 6, y + 6);
        ctx.moveTo(x + 6, y - 6);
        ctx.lineTo(x - 6, y + 6);
        ctx.stroke();
        ctx.font = font;
        ctx.fillStyle = colors.ink;
        ctx.textAlign = x > rect.left + rect.width / 2 ? "right" : "left";
        ctx.textBaseline = "top";
        ctx.fillText("run stopped", x + (ctx.textAlign === "right" ? -10 : 10), y + 6);
        ctx.restore();
      }
      const parts = ["curve " + (round + 1), "score " + right + " of " + answered];
      if (answer !== null) parts.push(answer === c.cause ? "right" : "not quite");
      tools.parts(readout, parts);
      layer.canvas.setAttribute("aria-label", "A training-loss curve, on a log scale: " + describe(c));
    }

    ask();

    return tools.hooks(layout, null, draw, {
      state: function () {
        const c = current();
        return {
          round: round,
          index: order[round % order.length],
          cause: causes[c.cause].key,
          answer: answer === null ? null : causes[answer].key,
          right: right,
          answered: answered,
          setting: c.setting,
        };
      },
    });
  }

  window.gdnotes.widgets.define("loss-drill", setup);
})();
