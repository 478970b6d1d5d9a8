// gdnotes map helpers: what the widgets with a contour map share (gradient-field,
// multi-start, momentum-race, optimizer-race, and surface-explorer's start boxes):
// the map's canvas, sampling a loss on a grid, a point set with the pointer or the
// arrow keys, text boxes for a point's coordinates (a run's start among them), and
// a light polyline for long paths.
//
// Not a widget of its own: a widget's script loads it with
// gdnotes.widgets.load("maps") (as the races load optimizers.js), so that pages
// without a map do not carry it.
(function () {
  "use strict";

  // value at an nx × ny grid over bounds: {xs, ys, values} with values[j * nx + i] at (xs[i], ys[j]), as contour() takes it.
  function sample(value, bounds, nx, ny) {
    const xs = [];
    const ys = [];
    for (let i = 0; i < nx; i++) xs.push(bounds[0][0] + ((bounds[0][1] - bounds[0][0]) * i) / (nx - 1));
    for (let j = 0; j < ny; j++) ys.push(bounds[1][0] + ((bounds[1][1] - bounds[1][0]) * j) / (ny - 1));
    const values = new Float64Array(nx * ny);
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) values[j * nx + i] = value([xs[i], ys[j]]);
    return { xs: xs, ys: ys, values: values };
  }

  // A polyline through the points (x(k), y(k)), k < count, leaving out points less than half a pixel
  // from the last one drawn (the last point always drawn) and points that are not finite.
  function polyline(ctx, count, x, y) {
    let lastX = NaN;
    let lastY = NaN;
    ctx.beginPath();
    for (let k = 0; k < count; k++) {
      const px = x(k);
      const py = y(k);
      if (!Number.isFinite(px) || !Number.isFinite(py)) continue;
      if (Number.isNaN(lastX)) ctx.moveTo(px, py);
      else if (Math.abs(px - lastX) < 0.5 && Math.abs(py - lastY) < 0.5 && k !== count - 1) continue;
      else ctx.lineTo(px, py);
      lastX = px;
      lastY = py;
    }
    ctx.stroke();
  }

  // A point set on a canvas map: a mouse sets it on press and while dragging, a finger or pen by a
  // tap (so that a swipe still scrolls the page). hit(px, py) (optional) says what was pressed, or
  // null to ignore the press; place(event, hit) sets the point.
  function pressMap(tools, canvas, hit, place) {
    let press = null;
    tools.on(canvas, "pointerdown", function (event) {
      if (event.button !== undefined && event.button > 0) return;
      let target = true;
      if (hit) {
        const rect = canvas.getBoundingClientRect();
        target = hit(event.clientX - rect.left, event.clientY - rect.top);
        if (!target) return;
      }
      press = { id: event.pointerId, target: target, x: event.clientX, y: event.clientY, mouse: event.pointerType === "mouse" };
      if (press.mouse) {
        tools.capture(canvas, event);
        place(event, target);
      }
    });
    tools.on(canvas, "pointermove", function (event) {
      if (press && press.mouse && event.pointerId === press.id) place(event, press.target);
    });
    tools.on(canvas, "pointerup", function (event) {
      if (!press || event.pointerId !== press.id) return;
      if (!press.mouse && Math.hypot(event.clientX - press.x, event.clientY - press.y) < 10) place(event, press.target);
      press = null;
    });
    tools.on(canvas, "pointercancel", function () {
      press = null;
    });
  }

  // Keys on a map: arrows call move([dx, dy]) with steps of step() (a number or one per axis;
  // Shift: `big` times as far), Home calls home(), Enter and Space call enter() if given.
  function mapKeys(tools, target, options) {
    tools.on(target, "keydown", function (event) {
      const step = options.step();
      const big = event.shiftKey ? options.big : 1;
      const sx = (typeof step === "number" ? step : step[0]) * big;
      const sy = (typeof step === "number" ? step : step[1]) * big;
      const moves = { ArrowLeft: [-sx, 0], ArrowRight: [sx, 0], ArrowUp: [0, sy], ArrowDown: [0, -sy] };
      if (moves[event.key]) {
        event.preventDefault();
        options.move(moves[event.key]);
      } else if (event.key === "Home") {
        event.preventDefault();
        options.home();
      } else if (options.enter && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        options.enter();
      }
    });
  }

  // The map's canvas: it takes the keyboard (see tools.appCanvas), a finger's swipe still scrolls
  // the page up and down, and the pointer is a crosshair.
  function canvas(tools, parent, description, label) {
    const layer = tools.appCanvas(parent, description, label);
    layer.canvas.style.touchAction = "pan-y";
    layer.canvas.style.cursor = "crosshair";
    return layer;
  }

  // Text boxes for a point's coordinates, one per name, in a row of controls on `parent`, with one
  // message line below. options: key (ids <id>-<key>0… and <id>-<key>-message), boxKey (for the
  // boxes' ids, if not key), label(i) (a box's label), value (a starting point, as attributes),
  // parse(i, text) -> {value}|{error}, onValue(i, value) for a number typed in range. A fixed
  // point may give instead: title (label(i) is "<title> <name>"), bounds (parse reads a number for
  // the name within bounds[i]), and point() and place(next, "typed") (onValue places a copy of
  // point() with coordinate i typed).
  function pointBoxes(tools, parent, options) {
    const el = tools.el;
    options = Object.assign(
      {
        label: function (i) {
          return options.title + " " + options.names[i];
        },
        parse: function (i, text) {
          return tools.parseNumber(text, options.names[i], options.bounds[i][0], options.bounds[i][1]);
        },
        onValue: function (i, value) {
          const next = options.point().slice();
          next[i] = value;
          options.place(next, "typed");
        },
      },
      options
    );
    const controls = el("div", { class: "gd-controls" });
    const messageId = tools.id + "-" + options.key + "-message";
    const message = el("p", { class: "gd-message", id: messageId, "aria-live": "polite" });
    const labels = [];
    const boxes = options.names.map(function (name, i) {
      const boxId = tools.id + "-" + (options.boxKey || options.key) + i;
      const box = tools.typedBox(boxId, options.value ? String(options.value[i]) : null, messageId);
      const label = el("label", { for: boxId, text: options.label(i) });
      labels.push(label);
      controls.appendChild(el("div", { class: "gd-control" }, [label, box]));
      tools.on(box, "input", function () {
        const parsed = options.parse(i, box.value);
        if ("value" in parsed) {
          box.removeAttribute("aria-invalid");
          message.textContent = "";
          options.onValue(i, parsed.value);
        }
      });
      tools.checkTyped(box, function () {
        return options.parse(i, box.value);
      }, message);
      return box;
    });
    parent.appendChild(controls);
    parent.appendChild(message);
    return {
      boxes: boxes,
      labels: labels,
      message: message,
      // Show these values (strings or numbers) and clear any error.
      show: function (values) {
        boxes.forEach(function (box, i) {
          box.value = String(values[i]);
          box.removeAttribute("aria-invalid");
        });
        message.textContent = "";
      },
    };
  }

  // The boxes of a run's start on the widget's surface (key "start", "Start <name>", within its
  // bounds), showing point() at first; a number typed calls place(next, "typed").
  function startBoxes(tools, parent, point, place) {
    return pointBoxes(tools, parent, {
      key: "start",
      names: tools.surface.labels,
      value: point(),
      title: "Start",
      bounds: tools.surface.bounds,
      point: point,
      place: place,
    });
  }

  // Size `layer` to `width` for a map of `bounds` with equal scales on both axes, at most `tallest`
  // pixels high (then narrower and centred), with room for the axes; return its plot box.
  function fitMap(tools, layer, width, bounds, tallest) {
    const left = 40;
    const right = 12;
    const top = 24;
    const bottom = 30;
    const aspect = (bounds[1][1] - bounds[1][0]) / (bounds[0][1] - bounds[0][0]);
    let plotWidth = width - left - right;
    let plotHeight = plotWidth * aspect;
    if (plotHeight > tallest) {
      plotHeight = tallest;
      plotWidth = plotHeight / aspect;
    }
    const offset = (width - left - right - plotWidth) / 2;
    layer.size(width, plotHeight + top + bottom);
    return tools.plotBox({ left: left + offset, top: top, width: plotWidth, height: plotHeight }, bounds[0], bounds[1]);
  }

  window.gdnotes.widgets.define("maps", { canvas: canvas, sample: sample, polyline: polyline, pressMap: pressMap, mapKeys: mapKeys, pointBoxes: pointBoxes, startBoxes: startBoxes, fitMap: fitMap });
})();
