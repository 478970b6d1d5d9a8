// gdnotes race helpers: what the two races (momentum-race, lesson 7, and
// optimizer-race, lesson 9) share: the race clock with its Play / Step / Reset
// buttons and its spoken status line, the finishing rule, and the drawing of
// a runner (its path faint and the part run so far solid, its marker or an
// arrow once it has left the map, the finish line and the clock's line on the
// chart).
//
// Not a widget of its own: a race's script loads it with
// gdnotes.widgets.load("race") (as it loads optimizers.js) and receives
// {clock, speed, finishStep, trail, pin, chartFrame, chartLines}. It draws paths with maps.js's polyline.
(function () {
  "use strict";

  const SAY_GAP = 1000; // ms: the screen reader hears at most one update per second

  // Steps per second for a race of `end` steps: it lasts about `seconds`, at 20 steps per second at
  // least (and `most` at most, if given).
  function speed(end, seconds, most) {
    return Math.max(20, Math.min(most === undefined ? Infinity : most, end / seconds));
  }

  // The first step from which a run stays inside the finish (outside(k) false for every later
  // step k up to path.last), as steps_to_tolerance counts: null for a run that diverged or that
  // is still outside at its last step, `budget`.
  function finishStep(path, budget, outside) {
    if (path.divergedAt >= 0) return null;
    let above = -1;
    for (let k = path.last; k >= 0; k--) {
      if (outside(k)) {
        above = k;
        break;
      }
    }
    return above < 0 ? 0 : above === budget ? null : above + 1;
  }

  // The race clock: Play (Pause), Step and Reset buttons and a status line, added to `ui`, and the
  // step shown (clock.step) and phase (clock.phase: ready | playing | paused | done). A race that
  // lasts longer is played faster. The widget gives, in `hooks`:
  //   current(): the race now, with its end (the last step) and speed (steps per second); redraw();
  //   waiting(), snapshot(), verdict(): what the status says before, during and after the race;
  //   started(): said on Play; events(from, to): said when steps from..to have been played;
  //   blocked() (optional): a sentence if there is nothing to race, else null.
  function clock(ui, tools, hooks) {
    const [playButton, stepButton, resetButton] = tools.buttons(ui, "gd-race-buttons", [["Play", true], ["Step"], ["Reset"]]);
    const status = tools.status(ui);

    let time = 0; // the step, with the fraction of a step played so far
    let handle = null;
    let before = null;
    const c = { step: 0, phase: "ready", status: status };

    // Screen readers hear at most one update per SAY_GAP; a newer sentence replaces one still waiting.
    let pending = null;
    let sayTimer = null;
    let lastSaid = -Infinity;
    c.say = function (text) {
      pending = text;
      if (sayTimer !== null) return;
      const wait = Math.max(120, lastSaid + SAY_GAP - performance.now());
      sayTimer = tools.later(function () {
        sayTimer = null;
        status.textContent = pending;
        lastSaid = performance.now();
      }, wait);
    };

    c.stop = function () {
      if (handle !== null) tools.cancelFrame(handle);
      handle = null;
    };

    function tick(now) {
      handle = null;
      if (before !== null) time = Math.min(hooks.current().end, time + ((now - before) / 1000) * hooks.current().speed);
      before = now;
      const next = Math.floor(time);
      if (next !== c.step) {
        const was = c.step;
        c.step = next;
        hooks.events(was, c.step);
      }
      if (c.step >= hooks.current().end) {
        c.phase = "done";
        hooks.redraw();
        c.say(hooks.verdict());
        return;
      }
      hooks.redraw();
      handle = tools.frame(tick);
    }

    c.play = function () {
      c.stop();
      const blocked = hooks.blocked ? hooks.blocked() : null;
      if (blocked) {
        c.say(blocked);
        return;
      }
      if (c.step >= hooks.current().end) c.step = time = 0;
      if (tools.reducedMotion()) {
        // no animation: the race jumps to its end
        c.step = time = hooks.current().end;
        c.phase = "done";
        hooks.redraw();
        c.say(hooks.verdict());
        return;
      }
      c.phase = "playing";
      time = c.step;
      before = null;
      handle = tools.frame(tick);
      hooks.redraw();
      c.say(hooks.started());
    };

    c.pause = function () {
      c.stop();
      c.phase = c.step >= hooks.current().end ? "done" : "paused";
      hooks.redraw();
      c.say(c.phase === "done" ? hooks.verdict() : "Paused. " + hooks.snapshot());
    };

    // What the status says at this phase: the wait before the race, the verdict after it, else where the runners are.
    c.sentence = function () {
      return c.phase === "ready" ? hooks.waiting() : c.phase === "done" ? hooks.verdict() : hooks.snapshot();
    };

    c.toggle = function () {
      if (c.phase === "playing") c.pause();
      else c.play();
    };

    c.stepOnce = function () {
      c.stop();
      if (c.step < hooks.current().end) c.step += 1;
      time = c.step;
      c.phase = c.step >= hooks.current().end ? "done" : "paused";
      hooks.redraw();
      c.say(c.sentence());
    };

    // Back to step 0, ready, without drawing.
    c.rewind = function () {
      c.stop();
      c.step = time = 0;
      c.phase = "ready";
    };

    c.reset = function () {
      c.rewind();
      hooks.redraw();
      c.say(hooks.waiting());
    };

    // After new runs: the clock stays where it was (a finished race shows its new end).
    c.settle = function () {
      const end = hooks.current().end;
      if (c.phase === "done") c.step = end;
      c.step = Math.min(c.step, end);
      time = Math.min(time, end);
      if (c.phase === "paused" && c.step >= end) c.phase = "done";
    };

    // The buttons as the phase has them; `last`: no step is left to take.
    c.sync = function (last) {
      const label = c.phase === "playing" ? "Pause" : "Play";
      if (playButton.textContent !== label) playButton.textContent = label;
      if (stepButton.disabled !== last) stepButton.disabled = last;
    };

    tools.on(playButton, "click", c.toggle);
    tools.on(stepButton, "click", function () {
      c.stepOnce();
    });
    tools.on(resetButton, "click", function () {
      c.reset();
    });
    return c;
  }

  // A runner's whole run faint (`alpha`) and the part run so far (to step k) solid, through (x(j), y(j)).
  function trail(tools, ctx, color, alpha, stop, k, x, y) {
    ctx.strokeStyle = color;
    ctx.globalAlpha = alpha;
    ctx.lineWidth = 1.2;
    maps.polyline(ctx, stop + 1, x, y);
    ctx.globalAlpha = 1;
    ctx.lineWidth = 2;
    maps.polyline(ctx, k + 1, x, y);
  }

  // A runner at point p of the map: marker(px, py) draws it; once it has left the map, an arrow
  // at the edge points where it went.
  function pin(tools, ctx, map, p, color, marker) {
    const r = map.rect;
    const px = map.sx(p[0]);
    const py = map.sy(p[1]);
    if (px >= r.left && px <= r.left + r.width && py >= r.top && py <= r.top + r.height) {
      marker(px, py);
      return;
    }
    const cx = Math.max(r.left + 8, Math.min(r.left + r.width - 8, px));
    const cy = Math.max(r.top + 8, Math.min(r.top + r.height - 8, py));
    const angle = Math.atan2(py - cy, px - cx);
    tools.arrow(ctx, cx - 16 * Math.cos(angle), cy - 16 * Math.sin(angle), cx, cy, color, 3);
  }

  // The chart's frame: its title in bold at (x, y), the axes with no y ticks, and the font and
  // alignment (right, middle) for the y labels the race writes on its log scale.
  function chartFrame(tools, ctx, box, colors, title, x, y) {
    ctx.font = "700 " + tools.font(12.5);
    ctx.fillStyle = colors.ink;
    ctx.textAlign = "left";
    ctx.textBaseline = "alphabetic";
    ctx.fillText(title, x, y);
    box.axes(ctx, colors, { font: tools.font(12), yTicks: [] });
    ctx.font = tools.font(11.5);
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
  }

  // On the chart (plot box `box` over rect `chart`): the finish line, dashed, at height y, and a
  // line at the clock's step.
  function chartLines(ctx, box, chart, y, step, colors) {
    ctx.strokeStyle = colors.faint;
    ctx.lineWidth = 1;
    ctx.setLineDash([4, 4]);
    ctx.beginPath();
    ctx.moveTo(chart.left, y);
    ctx.lineTo(chart.left + chart.width, y);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.strokeStyle = colors.grid;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(box.sx(step), chart.top);
    ctx.lineTo(box.sx(step), chart.top + chart.height);
    ctx.stroke();
  }

  let maps = null;
  const widgets = window.gdnotes.widgets;
  widgets.load("maps").then(function (loaded) {
    maps = loaded;
    widgets.define("race", { clock: clock, speed: speed, finishStep: finishStep, trail: trail, pin: pin, chartFrame: chartFrame, chartLines: chartLines });
  });
})();
