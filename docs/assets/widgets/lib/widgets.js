// gdnotes widgets: entry point. Enhances every [data-gd-widget] element on the page.
//
// The page holds, for each widget, a static fallback made at build time and a
// JSON config (data-gd-config) written by gdnotes.widgets. This script (the
// loader and shared tools, in assets/widgets/lib/) and widgets.css load on every
// page; a widget's own code only on a page that has one. The loader keeps no list
// of widgets: the root element says what to load. <div data-gd-widget="NAME">
// loads assets/widgets/NAME/NAME.js, and with data-gd-style also NAME/NAME.css
// (gdnotes.widgets writes both attributes from its registry). Shared helpers sit
// beside this file in lib/ and a widget loads them itself with load("NAME") or
// defineWith(name, ["NAME", ...], setup): optimizers.js and race.js (the races),
// maps.js (the map widgets). It survives Material's instant navigation: on every
// new page (document$) it sets up the widgets not yet set up and tears down those
// that left the page, and runs the scans other scripts leave in gdnotes.pages
// (quiz.js). A widget is set up only when it comes within about a screen of the
// viewport (IntersectionObserver): until then it costs the page nothing. It starts in two
// tasks, its setup and then its first drawing, so that neither is a long task on a phone.
//
// The math is the package's: a surface's value and gradient arrive as
// JavaScript source printed by SymPy (Surface.javascript); `descend` runs
// plain gradient descent with the update and divergence rule of
// gdnotes.descent.run, and optimizers.js the other update rules of
// gdnotes.optimizers, so the browser computes what the package computes.
//
// Test hooks (window.gdnotes.widgets): path(root, start, rate, steps) runs a
// widget's own gradient descent; regimeOf(root, rate), format(number),
// state(root), timings(root) (recent draw times in ms) and live(name) (how many
// widgets, or widgets of that name, are running) let the browser tests look inside;
// rescan() sets up a root put in a widget's place (a test's fresh copy) without a page load.
(function () {
  "use strict";
  if (window.gdnotes && window.gdnotes.widgets) return;

  const script = document.currentScript;
  const BASE = new URL(".", script && script.src ? script.src : location.href).href; // assets/widgets/lib/
  const WIDGETS = new URL("../", BASE).href; // assets/widgets/: one folder per widget
  const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/; // a widget's name is its folder's name

  const modules = new Map(); // name -> {setup, promise, resolve}
  const live = new Set(); // running widget instances
  let uid = 0;

  // ------------------------------------------------------------ module loading

  function entry(name) {
    if (!modules.has(name)) {
      const record = {};
      record.promise = new Promise(function (resolve, reject) {
        record.resolve = resolve;
        record.reject = reject;
      });
      modules.set(name, record);
    }
    return modules.get(name);
  }

  // Called by each widget file: gdnotes.widgets.define("lr-lab", setup).
  function define(name, setup) {
    const record = entry(name);
    record.setup = setup;
    record.resolve(setup);
  }

  // A root with data-gd-style has a <name>/<name>.css: the widget starts once script and styles are in
  // (the fallback shows till then).
  const styles = new Map(); // name -> promise of its stylesheet
  function style(name, root) {
    if (!root.hasAttribute("data-gd-style")) return Promise.resolve();
    if (!styles.has(name)) {
      styles.set(
        name,
        new Promise(function (resolve, reject) {
          const link = document.createElement("link");
          link.rel = "stylesheet";
          link.href = new URL(name + "/" + name + ".css", WIDGETS).href;
          link.onload = resolve;
          link.onerror = function () {
            reject(new Error("could not load " + link.href));
          };
          document.head.appendChild(link);
        })
      );
    }
    return styles.get(name);
  }

  // A helper beside this file (lib/NAME.js); a widget's script is its folder's (NAME/NAME.js).
  function load(name, folder) {
    const record = entry(name);
    if (!record.requested) {
      record.requested = true;
      const tag = document.createElement("script");
      tag.src = folder ? new URL(name + "/" + name + ".js", WIDGETS).href : new URL(name + ".js", BASE).href;
      tag.async = true;
      tag.onerror = function () {
        record.reject(new Error("could not load " + tag.src));
      };
      document.head.appendChild(tag);
    }
    return record.promise;
  }

  // ------------------------------------------------------------ the math

  // Functions of v = [v0, v1, ...] from the SymPy-printed JavaScript source.
  function compileSurface(spec) {
    const make = function (source) {
      return new Function("v", '"use strict"; return (' + source + ");");
    };
    const value = make(spec.value);
    const partials = spec.gradient.map(make);
    return {
      spec: spec,
      dim: spec.gradient.length,
      labels: spec.labels,
      bounds: spec.bounds,
      minima: spec.minima || [],
      value: value,
      partials: partials,
      gradient: function (v) {
        return partials.map(function (p) {
          return p(v);
        });
      },
    };
  }

  // Plain gradient descent from one start, exactly as gdnotes.descent.run does it:
  // at each step k the loss and gradient are evaluated; if a coordinate's size or
  // the loss passes `limit`, or the gradient is not finite, the run is diverged at
  // k and stops there; otherwise x <- x + (-rate) * grad.
  function descend(surface, start, rate, steps, limit) {
    let x = start.slice();
    const run = trace();
    for (let k = 0; k <= steps; k++) {
      const loss = surface.value(x);
      const grad = surface.gradient(x);
      const ok =
        x.every(function (c) {
          return Math.abs(c) <= limit;
        }) &&
        Math.abs(loss) <= limit &&
        grad.every(Number.isFinite);
      if (!ok) {
        run.diverge(k, x, loss);
        break;
      }
      run.keep(x.slice(), loss, grad);
      if (k === steps) break;
      const step = -rate;
      x = x.map(function (c, i) {
        return c + step * grad[i];
      });
    }
    return run.done();
  }

  // The record of a run as gdnotes.descent.run keeps it, shared by descend() and optimizers.js:
  // keep(x, loss, grad) a step; diverge(k, x, loss) the step k at which the run diverged (its
  // position with infinite parts as NaN, its loss, a NaN gradient); done() the record
  // {positions, losses, gradients, divergedAt, last}.
  function trace() {
    const positions = [];
    const losses = [];
    const gradients = [];
    let divergedAt = -1;
    return {
      keep: function (x, loss, grad) {
        positions.push(x);
        losses.push(loss);
        gradients.push(grad);
      },
      diverge: function (k, x, loss) {
        divergedAt = k;
        positions.push(
          x.map(function (c) {
            return Number.isFinite(c) ? c : NaN;
          })
        );
        losses.push(loss);
        gradients.push(
          x.map(function () {
            return NaN;
          })
        );
      },
      done: function () {
        return { positions: positions, losses: losses, gradients: gradients, divergedAt: divergedAt, last: positions.length - 1 };
      },
    };
  }

  // The rule of gdnotes.widgets.settling (lesson 6) for one run: `label` is the index of
  // the minimum (of `minima`, each {point}) that the last position lies within
  // `tolerance` of, -1 for none, -2 for a run that diverged; `step` is the first
  // step from which the run stays within `tolerance` of that minimum, the step at
  // which it diverged, or the last step.
  function settling(path, minima, tolerance) {
    if (path.divergedAt >= 0) return { label: -2, step: path.divergedAt };
    const distance = function (x, m) {
      return Math.hypot.apply(
        null,
        x.map(function (c, j) {
          return c - m[j];
        })
      );
    };
    const last = path.positions[path.last];
    let label = -1;
    let nearest = Infinity;
    minima.forEach(function (m, i) {
      const d = distance(last, m.point);
      if (d < nearest) {
        label = i;
        nearest = d;
      }
    });
    if (!(nearest <= tolerance)) return { label: -1, step: path.last };
    let step = path.last;
    while (step > 0 && distance(path.positions[step - 1], minima[label].point) <= tolerance) step--;
    return { label: label, step: step };
  }

  // The rule of gdnotes.theory.regime, read from the config (gdnotes.widgets.regime_rule).
  function isClose(a, b, relTol) {
    return a === b || Math.abs(a - b) <= relTol * Math.max(Math.abs(a), Math.abs(b));
  }
  function regime(rule, rate) {
    const r = rate * rule.curvature;
    for (const boundary of rule.boundaries) {
      if (isClose(r, boundary.product, rule.relTol)) return boundary.name;
    }
    for (let i = 0; i < rule.boundaries.length; i++) {
      if (r < rule.boundaries[i].product) return rule.intervals[i];
    }
    return rule.intervals[rule.intervals.length - 1];
  }

  // ------------------------------------------------------------ words and numbers

  // Like gdnotes.tables.number: `digits` significant digits, no trailing zeros,
  // e-notation from 1e6 up or below 1e-4, typographic minus, NaN as an em dash.
  function format(value, digits) {
    digits = digits || 4;
    if (Number.isNaN(value)) return "—";
    if (!Number.isFinite(value)) return value > 0 ? "∞" : "−∞";
    if (value === 0) return "0";
    const size = Math.abs(value);
    let text;
    if (size >= 1e6 || size < 1e-4) {
      const parts = value.toExponential(digits - 1).split("e");
      let mantissa = parts[0];
      if (mantissa.indexOf(".") >= 0) mantissa = mantissa.replace(/0+$/, "").replace(/\.$/, "");
      const exponent = parseInt(parts[1], 10);
      text = mantissa + "e" + (exponent < 0 ? "-" : "+") + String(Math.abs(exponent)).padStart(2, "0");
    } else {
      text = size < 1 ? value.toPrecision(digits) : value.toFixed(Math.max(digits - 1 - Math.floor(Math.log10(size)), 0));
      if (text.indexOf(".") >= 0) text = text.replace(/0+$/, "").replace(/\.$/, "");
    }
    return text.replace(/-/g, "−");
  }

  function point(values, digits) {
    return (
      "(" +
      values
        .map(function (v) {
          return format(v, digits);
        })
        .join(", ") +
      ")"
    );
  }

  // A number typed by the reader: {value} or {error} with a sentence to show.
  const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
  // A coordinate typed by the reader, between low and high.
  function parseNumber(text, name, low, high) {
    const raw = String(text).trim().replace(",", ".").replace("−", "-");
    const range = " (from " + format(low) + " to " + format(high) + ")";
    if (raw === "") return { error: "Type a number for " + name + range + "." };
    if (!NUMBER.test(raw)) return { error: "“" + String(text).trim() + "” is not a number: type one for " + name + range + "." };
    const value = Number(raw);
    if (!(value >= low && value <= high)) return { error: name + " must be between " + format(low) + " and " + format(high) + "." };
    return { value: value };
  }

  function parseRate(text, high) {
    const raw = String(text).trim().replace(",", ".").replace("−", "-");
    if (raw === "") return { error: "Type a learning rate, for example 0.1." };
    if (!NUMBER.test(raw)) return { error: "“" + String(text).trim() + "” is not a number. Type a learning rate such as 0.1." };
    const value = Number(raw);
    if (value <= 0) return { error: "The learning rate must be greater than 0: at 0 nothing moves, and a negative rate walks uphill." };
    if (!Number.isFinite(value) || value > high)
      return { error: "That learning rate is too large for this lab: type at most " + format(high) + "." };
    return { value: value };
  }

  // ------------------------------------------------------------ DOM helpers

  function el(tag, attributes, children) {
    const node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) {
      const value = attributes[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "text") node.textContent = value;
      else if (key === "class") node.className = value;
      else node.setAttribute(key, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function reducedMotion() {
    return !!(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  }

  // Parse any CSS colour into [r, g, b, a] (0-255, alpha 0-1) through a canvas.
  let colorProbe = null;
  function rgba(color) {
    colorProbe = colorProbe || document.createElement("canvas").getContext("2d");
    colorProbe.fillStyle = "#000";
    colorProbe.fillStyle = color;
    const text = colorProbe.fillStyle;
    if (text[0] === "#") {
      return [parseInt(text.slice(1, 3), 16), parseInt(text.slice(3, 5), 16), parseInt(text.slice(5, 7), 16), 1];
    }
    const parts = text.match(/[\d.]+/g).map(Number);
    return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
  }

  // The palette, read from CSS (widgets.css sets --gd-w-* for light and dark).
  function palette(root) {
    const style = getComputedStyle(root);
    const get = function (name, fallback) {
      return style.getPropertyValue(name).trim() || fallback;
    };
    return {
      ink: style.color,
      faint: get("--gd-w-faint", "#8a8f98"),
      grid: get("--gd-w-grid", "rgba(138,143,152,0.35)"),
      background: get("--md-default-bg-color", "#fff"),
      accent: get("--md-accent-fg-color", "#e8590c"),
      marble: get("--gd-w-marble", "#e8590c"),
      path: get("--gd-w-path", "#e8590c"),
      curve: get("--gd-w-curve", "#2f7de1"),
      gradient: get("--gd-w-gradient", "#c2255c"),
      descent: get("--gd-w-descent", "#2b9a66"),
      low: get("--gd-w-low", "#2f7de1"),
      high: get("--gd-w-high", "#b08800"),
      level: get("--gd-w-level", "#7950f2"),
    };
  }

  // ------------------------------------------------------------ drawing helpers

  // The round step at or above raw: 1, 2 or 5 (with `quarter`, also 2.5) times a power of ten.
  function niceStep(raw, quarter) {
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const unit = raw / power;
    return (unit <= 1 ? 1 : unit <= 2 ? 2 : quarter && unit <= 2.5 ? 2.5 : unit <= 5 ? 5 : 10) * power;
  }

  // Tick labels stay short: 500000 is written 5e5.
  function tickLabel(t) {
    if (Math.abs(t) < 1e4) return format(t);
    const parts = t.toExponential(1).split("e");
    return (parts[0].replace(/\.0$/, "") + "e" + parseInt(parts[1], 10)).replace(/-/g, "−");
  }

  // Keep screen coordinates of runaway values within what a canvas draws well.
  function clampPixel(value) {
    return Math.max(-5000, Math.min(5000, value));
  }

  // A plot box: data ranges mapped into rect {left, top, width, height} (CSS px).
  function plotBox(rect, xRange, yRange) {
    const box = {
      rect: rect,
      sx: function (x) {
        return clampPixel(rect.left + ((x - xRange[0]) / (xRange[1] - xRange[0])) * rect.width);
      },
      sy: function (y) {
        return clampPixel(rect.top + rect.height - ((y - yRange[0]) / (yRange[1] - yRange[0])) * rect.height);
      },
      at: function (px, py) {
        return [
          xRange[0] + ((px - rect.left) / rect.width) * (xRange[1] - xRange[0]),
          yRange[0] + ((rect.top + rect.height - py) / rect.height) * (yRange[1] - yRange[0]),
        ];
      },
      // the data point at a pixel; a pixel within margin of the box
      near: function (px, py, margin) {
        return px >= rect.left - margin && px <= rect.left + rect.width + margin && py >= rect.top - margin && py <= rect.top + rect.height + margin;
      },
      clip: function (ctx) {
        ctx.beginPath();
        ctx.rect(rect.left, rect.top, rect.width, rect.height);
        ctx.clip();
      },
      // The contour lines of a map, faint, 1 px, clipped to the box (levels as contours() takes them).
      // The context is left saved and clipped, for the rest of the map: restore() when done.
      faintContours: function (ctx, colors, levels) {
        ctx.save();
        box.clip(ctx);
        ctx.strokeStyle = colors.faint;
        ctx.lineWidth = 1;
        box.contours(ctx, levels);
      },
      // stroke contour() segments, one path per level
      contours: function (ctx, levels) {
        levels.forEach(function (segments) {
          ctx.beginPath();
          segments.forEach(function (s) {
            ctx.moveTo(box.sx(s[0][0]), box.sy(s[0][1]));
            ctx.lineTo(box.sx(s[1][0]), box.sy(s[1][1]));
          });
          ctx.stroke();
        });
      },
      // Axes along the bottom and left edges with tick labels; labels in words.
      axes: function (ctx, colors, options) {
        const bottom = rect.top + rect.height;
        ctx.save();
        ctx.lineWidth = 1;
        ctx.strokeStyle = colors.faint;
        ctx.fillStyle = colors.ink;
        ctx.font = options.font;
        ctx.beginPath();
        ctx.moveTo(rect.left, bottom + 0.5);
        ctx.lineTo(rect.left + rect.width, bottom + 0.5);
        ctx.moveTo(rect.left - 0.5, rect.top);
        ctx.lineTo(rect.left - 0.5, bottom);
        ctx.stroke();
        const ticks = function (range, pixels, spacing) {
          const step = niceStep((range[1] - range[0]) / Math.max(2, Math.floor(pixels / spacing)), true);
          const out = [];
          for (let t = Math.ceil(range[0] / step - 1e-9) * step; t <= range[1] + 1e-9 * step; t += step) {
            out.push(Math.round(t / step) * step);
          }
          return out;
        };
        ctx.textAlign = "center";
        ctx.textBaseline = "top";
        (options.xTicks || ticks(xRange, rect.width, 56)).forEach(function (t) {
          ctx.fillText(tickLabel(t), box.sx(t), bottom + 5);
        });
        ctx.textAlign = "right";
        ctx.textBaseline = "middle";
        (options.yTicks || ticks(yRange, rect.height, 44)).forEach(function (t) {
          ctx.fillText(tickLabel(t), rect.left - 6, box.sy(t));
        });
        if (options.zeroLine && yRange[0] < 0 && yRange[1] > 0) {
          ctx.setLineDash([3, 4]);
          ctx.beginPath();
          ctx.moveTo(rect.left, box.sy(0));
          ctx.lineTo(rect.left + rect.width, box.sy(0));
          ctx.stroke();
          ctx.setLineDash([]);
        }
        ctx.textBaseline = "alphabetic";
        ctx.textAlign = "right";
        if (options.xLabel) ctx.fillText(options.xLabel, rect.left + rect.width, bottom - 6);
        ctx.textAlign = "left";
        ctx.textBaseline = "bottom";
        if (options.yLabel) ctx.fillText(options.yLabel, rect.left - 4, rect.top - 5);
        ctx.restore();
      },
    };
    return box;
  }

  function arrow(ctx, x0, y0, x1, y1, color, width) {
    const length = Math.hypot(x1 - x0, y1 - y0);
    if (!(length >= 1)) return;
    const head = Math.min(9, length * 0.45);
    const angle = Math.atan2(y1 - y0, x1 - x0);
    ctx.save();
    ctx.strokeStyle = color;
    ctx.fillStyle = color;
    ctx.lineWidth = width || 2;
    ctx.lineCap = "round";
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1 - head * 0.8 * Math.cos(angle), y1 - head * 0.8 * Math.sin(angle));
    ctx.stroke();
    ctx.beginPath();
    ctx.moveTo(x1, y1);
    ctx.lineTo(x1 - head * Math.cos(angle - 0.42), y1 - head * Math.sin(angle - 0.42));
    ctx.lineTo(x1 - head * Math.cos(angle + 0.42), y1 - head * Math.sin(angle + 0.42));
    ctx.closePath();
    ctx.fill();
    ctx.restore();
  }

  function marble(ctx, x, y, radius, colors) {
    ctx.save();
    ctx.fillStyle = colors.marble;
    ctx.strokeStyle = colors.background;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(x, y, radius, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
    ctx.restore();
  }

  function fontOf(root, size) {
    return (size || 12) + "px " + getComputedStyle(root).fontFamily;
  }

  // Contour segments [[x, y], [x, y]] at `level` by marching squares; values[j * xs.length + i] is at (xs[i], ys[j]).
  function contour(values, xs, ys, level) {
    const nx = xs.length;
    const segments = [];
    for (let j = 0; j < ys.length - 1; j++) {
      for (let i = 0; i < nx - 1; i++) {
        const v = [values[j * nx + i], values[j * nx + i + 1], values[(j + 1) * nx + i + 1], values[(j + 1) * nx + i]];
        const c = [
          [xs[i], ys[j]],
          [xs[i + 1], ys[j]],
          [xs[i + 1], ys[j + 1]],
          [xs[i], ys[j + 1]],
        ];
        const crossings = [];
        for (let e = 0; e < 4; e++) {
          const a = v[e];
          const b = v[(e + 1) % 4];
          if (a < level !== b < level) {
            const t = (level - a) / (b - a);
            const p = c[e];
            const q = c[(e + 1) % 4];
            crossings.push([p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t]);
          }
        }
        if (crossings.length === 2) segments.push(crossings);
        else if (crossings.length === 4) {
          const centre = (v[0] + v[1] + v[2] + v[3]) / 4;
          if (centre < level === v[0] < level) {
            segments.push([crossings[0], crossings[1]], [crossings[2], crossings[3]]);
          } else {
            segments.push([crossings[0], crossings[3]], [crossings[1], crossings[2]]);
          }
        }
      }
    }
    return segments;
  }

  // 1-D pictures (lr-lab, scrubber, nonconvex-stepper). The graph of f over [x0, x1] in n straight
  // pieces, stroked in the context's current style.
  function graph(ctx, box, f, x0, x1, n) {
    ctx.beginPath();
    for (let i = 0; i <= n; i++) {
      const x = x0 + ((x1 - x0) * i) / n;
      if (i === 0) ctx.moveTo(box.sx(x), box.sy(f(x)));
      else ctx.lineTo(box.sx(x), box.sy(f(x)));
    }
    ctx.stroke();
  }

  // [smallest, largest] value of f at n + 1 points spread over [x0, x1].
  function span(f, x0, x1, n) {
    const range = [Infinity, -Infinity];
    for (let i = 0; i <= n; i++) {
      const y = f(x0 + ((x1 - x0) * i) / n);
      range[0] = Math.min(range[0], y);
      range[1] = Math.max(range[1], y);
    }
    return range;
  }

  // The hops of a run: the pixels (px(i), py(i)), i = 0..upto, joined in the current stroke style,
  // with a dot of `radius` in the current fill style on each of the first `dots`. With `style`
  // {color, alpha, width}: lines and dots in that colour, at that opacity (then back to opaque).
  function hops(ctx, upto, px, py, dots, radius, style) {
    if (style) {
      ctx.globalAlpha = style.alpha;
      ctx.strokeStyle = style.color;
      ctx.fillStyle = style.color;
      ctx.lineWidth = style.width;
    }
    ctx.beginPath();
    for (let i = 0; i <= upto; i++) {
      if (i === 0) ctx.moveTo(px(i), py(i));
      else ctx.lineTo(px(i), py(i));
    }
    ctx.stroke();
    for (let i = 0; i < dots; i++) {
      ctx.beginPath();
      ctx.arc(px(i), py(i), radius, 0, 2 * Math.PI);
      ctx.fill();
    }
    if (style) ctx.globalAlpha = 1;
  }

  // The tangent at (x, y) of a 1-D picture's curve, dashed in `color`: the line of slope `slope`
  // from x − half to x + half.
  function tangent(ctx, box, x, y, slope, half, color) {
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.5;
    ctx.setLineDash([5, 4]);
    ctx.beginPath();
    ctx.moveTo(box.sx(x - half), box.sy(y - slope * half));
    ctx.lineTo(box.sx(x + half), box.sy(y + slope * half));
    ctx.stroke();
    ctx.setLineDash([]);
  }

  // A ring of `radius` in `color` (a start, or where the next step lands), 1.5 px wide.
  function ring(ctx, x, y, radius, color) {
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.arc(x, y, radius, 0, 2 * Math.PI);
    ctx.stroke();
  }

  // The path of a five-pointed star centred on (x, y), its points `radius` out, to fill.
  function star(ctx, x, y, radius) {
    ctx.beginPath();
    for (let i = 0; i < 10; i++) {
      const r = i % 2 ? radius * 0.45 : radius;
      const a = -Math.PI / 2 + (i * Math.PI) / 5;
      if (i === 0) ctx.moveTo(x + r * Math.cos(a), y + r * Math.sin(a));
      else ctx.lineTo(x + r * Math.cos(a), y + r * Math.sin(a));
    }
    ctx.closePath();
  }

  // ------------------------------------------------------------ one widget's toolkit

  function makeToolkit(root, config) {
    const id = "gdw" + ++uid;
    const cleanups = [];
    const frames = new Set();
    const timers = new Set();
    const surface = config.surface ? compileSurface(config.surface) : null;
    const limit = config.divergenceLimit || 1e12;
    const tools = {
      id: id,
      root: root,
      config: config,
      surface: surface,
      timings: [],
      descend: function (start, rate, steps) {
        return descend(surface, start, rate, steps, limit);
      },
      regime: regime,
      settling: settling,
      format: format,
      point: point,
      parseRate: parseRate,
      parseNumber: parseNumber,
      el: el,
      rgba: rgba,
      reducedMotion: reducedMotion,
      colors: palette(root),
      plotBox: plotBox,
      contour: contour,
      graph: graph,
      span: span,
      hops: hops,
      tangent: tangent,
      ring: ring,
      star: star,
      arrow: arrow,
      marble: marble,
      clampPixel: clampPixel,
      // a round step (1, 2 or 5 times a power of ten) at or above raw
      nice: function (raw) {
        return niceStep(raw);
      },
      font: function (size) {
        return fontOf(root, size);
      },
      alive: function () {
        return root.isConnected;
      },
      // Listen on any target; removed when the widget is torn down.
      on: function (target, type, handler, options) {
        target.addEventListener(type, handler, options);
        cleanups.push(function () {
          target.removeEventListener(type, handler, options);
        });
      },
      // Keep a dragging pointer's events on this element (a no-op for a pointer that is gone).
      capture: function (element, event) {
        try {
          element.setPointerCapture(event.pointerId);
        } catch (error) {
          // the pointer was already released: nothing to keep
        }
      },
      cleanup: function (undo) {
        cleanups.push(undo);
      },
      frame: function (callback) {
        const handle = requestAnimationFrame(function (time) {
          frames.delete(handle);
          if (root.isConnected) callback(time);
        });
        frames.add(handle);
        return handle;
      },
      cancelFrame: function (handle) {
        cancelAnimationFrame(handle);
        frames.delete(handle);
      },
      later: function (callback, ms) {
        const handle = setTimeout(function () {
          timers.delete(handle);
          if (root.isConnected) callback();
        }, ms);
        timers.add(handle);
        return handle;
      },
      cancelLater: function (handle) {
        clearTimeout(handle);
        timers.delete(handle);
      },
      // Run a draw function and keep its duration (ms) for the tests and the report.
      timed: function (draw) {
        const t0 = performance.now();
        draw();
        tools.timings.push(performance.now() - t0);
        if (tools.timings.length > 200) tools.timings.shift();
      },
      canvas: function (parent, attributes) {
        const canvas = el("canvas", Object.assign({ class: "gd-canvas" }, attributes || {}));
        parent.appendChild(canvas);
        const context = canvas.getContext("2d");
        const layer = { canvas: canvas, ctx: context, width: 0, height: 0, ratio: 1 };
        layer.size = function (width, height) {
          const ratio = Math.min(window.devicePixelRatio || 1, 3);
          width = Math.max(1, Math.round(width));
          height = Math.max(1, Math.round(height));
          if (width !== layer.width || height !== layer.height || ratio !== layer.ratio) {
            canvas.width = Math.round(width * ratio);
            canvas.height = Math.round(height * ratio);
            canvas.style.height = height + "px";
            layer.width = width;
            layer.height = height;
            layer.ratio = ratio;
          }
          context.setTransform(ratio, 0, 0, ratio, 0, 0);
          return layer;
        };
        // clear() also copies in the backdrop, if any
        let back = null;
        layer.clear = function () {
          context.setTransform(1, 0, 0, 1, 0, 0);
          context.clearRect(0, 0, canvas.width, canvas.height);
          if (back) context.drawImage(back, 0, 0);
          context.setTransform(layer.ratio, 0, 0, layer.ratio, 0, 0);
        };
        // a pointer event's place on the canvas (CSS px)
        layer.pointer = function (event) {
          const rect = canvas.getBoundingClientRect();
          return [event.clientX - rect.left, event.clientY - rect.top];
        };
        // an empty backdrop at the layer's size: what changes only with size or palette
        layer.backdrop = function () {
          back = back || document.createElement("canvas");
          back.width = canvas.width;
          back.height = canvas.height;
          const ctx = back.getContext("2d");
          ctx.setTransform(layer.ratio, 0, 0, layer.ratio, 0, 0);
          return ctx;
        };
        return layer;
      },
      // A canvas that takes the keyboard and the pointer: focusable, role application, described
      // as `description` (aria-roledescription), with `label` saying how to use it.
      appCanvas: function (parent, description, label) {
        return tools.canvas(parent, { tabindex: "0", role: "application", "aria-roledescription": description, "aria-label": label });
      },
      // The live status line (role status, polite), added to parent.
      status: function (parent) {
        const status = el("p", { class: "gd-status", role: "status", "aria-live": "polite" });
        parent.appendChild(status);
        return status;
      },
      // A row of buttons (class gd-controls and `classes`) added to parent, one per [text, primary?]; returns the buttons.
      buttons: function (parent, classes, specs) {
        const buttons = specs.map(function (spec) {
          return el("button", { type: "button", class: spec[1] ? "gd-button gd-primary" : "gd-button", text: spec[0] });
        });
        parent.appendChild(el("div", { class: "gd-controls" + (classes ? " " + classes : "") }, buttons));
        return buttons;
      },
      // A text box for a number (id, its first value, the id of the message that describes it).
      typedBox: function (boxId, value, messageId) {
        return el("input", {
          type: "text",
          id: boxId,
          inputmode: "decimal",
          autocomplete: "off",
          spellcheck: "false",
          size: "6",
          value: value,
          "aria-describedby": messageId,
        });
      },
      // Plain gradient descent in one dimension from x0: {path, xs} with xs the positions as numbers.
      walk: function (x0, rate, steps) {
        const path = tools.descend([x0], rate, steps);
        return {
          path: path,
          xs: path.positions.map(function (p) {
            return p[0];
          }),
        };
      },
      // A value that moves towards goal() at speed() per second, a frame at a time. options: value()
      // and set(v) read and write it; each frame that has not reached the goal draws (timed); at
      // the goal, done(). start() (if not already moving), stop(), moving().
      tween: function (options) {
        let handle = null;
        let before = null;
        function tick(time) {
          const speed = options.speed();
          const goal = options.goal();
          if (before !== null) options.set(Math.min(goal, options.value() + ((time - before) / 1000) * speed));
          before = time;
          if (options.value() >= goal) {
            handle = null;
            options.done();
            return;
          }
          tools.timed(options.draw);
          handle = tools.frame(tick);
        }
        return {
          start: function () {
            if (handle !== null) return;
            before = null;
            handle = tools.frame(tick);
          },
          stop: function () {
            if (handle !== null) tools.cancelFrame(handle);
            handle = null;
          },
          moving: function () {
            return handle !== null;
          },
        };
      },
      // What the loader calls: resize(width) lays out, then draws; repaint() (a new palette) paints
      // the backdrop, if any, then draws; with `more` (state, test hooks). draw is timed.
      hooks: function (layout, backdrop, draw, more) {
        return Object.assign(
          {
            resize: function (width) {
              layout(width);
              tools.timed(draw);
            },
            repaint: function () {
              if (backdrop) backdrop();
              tools.timed(draw);
            },
          },
          more
        );
      },
      // Fill a readout with parts that never break inside, joined by dots.
      parts: function (node, parts) {
        node.textContent = "";
        parts.forEach(function (part, i) {
          if (i) node.appendChild(document.createTextNode(" · "));
          node.appendChild(el("span", { class: "gd-part", text: part }));
        });
      },
      // A line of swatches naming what the colours mean: items are [css variable, words].
      legend: function (parent, items) {
        const legend = el("p", { class: "gd-legend" });
        items.forEach(function (item) {
          legend.appendChild(
            el("span", {}, [el("span", { class: "gd-swatch", style: "background: var(" + item[0] + ")" }), item[1]])
          );
        });
        parent.appendChild(legend);
        return legend;
      },
      // On Enter or change, an {error} from parse() is said in `message` and marks the box invalid.
      checkTyped: function (box, parse, message) {
        const commit = function () {
          const parsed = parse();
          if ("error" in parsed) {
            message.textContent = parsed.error;
            box.setAttribute("aria-invalid", "true");
          }
        };
        tools.on(box, "change", commit);
        tools.on(box, "keydown", function (event) {
          if (event.key === "Enter") {
            event.preventDefault();
            commit();
          }
        });
      },
      // A labelled slider and text box kept in step. options: key (ids), label, typedLabel,
      // range [min, max, step], value, parse(text) -> {value}|{error}, onChange(value, source), messageParent?,
      // wrapTyped? (the typed box and its label in a span.gd-typed).
      numberControl: function (parent, options) {
        const range = options.range;
        const sliderId = id + "-" + options.key;
        const textId = sliderId + "-text";
        const messageId = sliderId + "-message";
        const slider = el("input", {
          type: "range",
          id: sliderId,
          min: range[0],
          max: range[1],
          step: range[2],
          value: options.value,
          "aria-describedby": messageId,
        });
        const box = tools.typedBox(textId, String(options.value), messageId);
        const message = el("p", { class: "gd-message", id: messageId, "aria-live": "polite" });
        const typed = [el("label", { for: textId, class: "gd-typed-label", text: options.typedLabel }), box];
        const wrap = el(
          "div",
          { class: "gd-control gd-rate" },
          [el("label", { for: sliderId, text: options.label }), slider].concat(options.wrapTyped ? [el("span", { class: "gd-typed" }, typed)] : typed)
        );
        parent.appendChild(wrap);
        (options.messageParent || parent).appendChild(message);
        function clearError() {
          message.textContent = "";
          box.removeAttribute("aria-invalid");
        }
        tools.on(slider, "input", function () {
          clearError();
          box.value = slider.value;
          options.onChange(Number(slider.value), "slider");
        });
        tools.on(box, "input", function () {
          const parsed = options.parse(box.value);
          if ("value" in parsed) {
            clearError();
            slider.value = String(parsed.value);
            options.onChange(parsed.value, "text");
          }
        });
        tools.checkTyped(box, function () {
          return options.parse(box.value);
        }, message);
        return {
          slider: slider,
          box: box,
          message: message,
          set: function (value) {
            slider.value = String(value);
            box.value = String(value);
            clearError();
          },
        };
      },
      // α, typed up to options.typedMax; range and typedMax default to the config's rateRange and maxTypedRate.
      rateControl: function (parent, options) {
        return tools.numberControl(parent, {
          key: "rate",
          label: "Learning rate α",
          typedLabel: "or type α",
          range: options.range || config.rateRange,
          value: options.value,
          parse: function (text) {
            // read on each parse: a widget may change options.typedMax later
            return parseRate(text, options.typedMax === undefined ? config.maxTypedRate : options.typedMax);
          },
          onChange: options.onChange,
          messageParent: options.messageParent,
        });
      },
      destroy: function () {
        frames.forEach(cancelAnimationFrame);
        frames.clear();
        timers.forEach(clearTimeout);
        timers.clear();
        cleanups.splice(0).forEach(function (undo) {
          undo();
        });
      },
    };
    return tools;
  }

  // ------------------------------------------------------------ life cycle

  // A widget starts in two tasks, each well under the 50 ms that makes a long task on a slow phone (issue 13):
  // its setup (controls, precomputed data) while its frame is still hidden, then, in a task of its own, its frame
  // shown, measured and drawn. In one task the marble's start blocked the home page for about 150 ms at 4x slow-down.
  function start(root, setup) {
    const config = JSON.parse(root.getAttribute("data-gd-config") || "{}");
    const tools = makeToolkit(root, config);
    const ui = el("div", { class: "gd-ui" });
    root.insertBefore(ui, root.firstChild);
    const widget = setup(root, ui, tools) || {};
    const instance = { root: root, tools: tools, widget: widget, width: 0 };
    root.__gdWidget = instance;
    setTimeout(function () {
      if (!root.isConnected) {
        // the reader left the page (instant navigation) between the two tasks
        stop(instance);
        return;
      }
      show(instance, ui);
    }, 0);
  }

  function show(instance, ui) {
    const root = instance.root;
    const widget = instance.widget;
    // The canvas fills the content box of the widget's frame.
    const contentWidth = function () {
      const style = getComputedStyle(ui);
      return Math.floor(ui.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight));
    };
    if (typeof ResizeObserver === "function") {
      const observer = new ResizeObserver(function () {
        const width = contentWidth();
        if (width > 0 && width !== instance.width) {
          instance.width = width;
          if (widget.resize) widget.resize(width);
        }
      });
      observer.observe(ui);
      instance.tools.cleanup(function () {
        observer.disconnect();
      });
    }
    // shown before it is measured: hidden (the fallback's place), its width was 0, so every widget drew its
    // first frame twice, at width 0 and again when the size observer saw its width (issue 13)
    root.classList.add("gd-enhanced");
    instance.width = contentWidth();
    if (widget.resize) widget.resize(instance.width);
    live.add(instance);
    root.setAttribute("data-gd-ready", "");
  }

  function stop(instance) {
    instance.tools.destroy();
    if (instance.widget.destroy) instance.widget.destroy();
    live.delete(instance);
  }

  function sweep() {
    live.forEach(function (instance) {
      if (!instance.root.isConnected) stop(instance);
    });
  }

  // A widget costs nothing until the reader comes near it: its code and styles are fetched and it
  // is set up when it is within about one screen of the viewport (IntersectionObserver), so a
  // page's first paint and its main thread are the page's alone. Without IntersectionObserver,
  // every widget is set up at once.
  const near =
    typeof IntersectionObserver === "function" &&
    new IntersectionObserver(
      function (entries) {
        entries.forEach(function (entry) {
          if (entry.isIntersecting) {
            near.unobserve(entry.target);
            begin(entry.target);
          }
        });
      },
      { rootMargin: "100% 0px" }
    );

  function begin(root) {
    const name = root.getAttribute("data-gd-widget");
    Promise.all([load(name, true), style(name, root)]).then(
      function (loaded) {
        if (root.isConnected) start(root, loaded[0]);
      },
      function () {
        // The script could not be fetched (offline, say): the fallback stays, which still teaches.
        root.setAttribute("data-gd-failed", "");
      }
    );
  }

  function scan() {
    sweep();
    watchPalette();
    document.querySelectorAll("[data-gd-widget]").forEach(function (root) {
      const name = root.getAttribute("data-gd-widget");
      // a name that is no folder name, or a placeholder (gdnotes.widgets.placeholder), has no code to load
      if (root.__gdSeen || !NAME.test(name || "") || root.querySelector(":scope > .gd-fallback > .gd-widget-placeholder")) return;
      root.__gdSeen = true;
      if (near) near.observe(root);
      else begin(root);
    });
  }

  // Material switches palettes by setting data-md-color-scheme on <body>.
  let watchedBody = null;
  let paletteObserver = null;
  function watchPalette() {
    if (!document.body || document.body === watchedBody || typeof MutationObserver !== "function") return;
    if (paletteObserver) paletteObserver.disconnect();
    watchedBody = document.body;
    paletteObserver = new MutationObserver(function () {
      live.forEach(function (instance) {
        instance.tools.colors = palette(instance.root);
        if (instance.widget.repaint) instance.widget.repaint();
      });
    });
    paletteObserver.observe(document.body, {
      attributes: true,
      attributeFilter: ["data-md-color-scheme", "data-md-color-primary", "data-md-color-accent"],
    });
  }

  function instanceOf(root) {
    const instance = root && root.__gdWidget;
    if (!instance) throw new Error("not a ready gdnotes widget");
    return instance;
  }

  window.gdnotes = window.gdnotes || {};
  window.gdnotes.widgets = {
    define: define,
    // A helper module beside this file in lib/ (optimizers.js, race.js, maps.js): load("optimizers") resolves with what it defines.
    load: function (name) {
      return load(name, false);
    },
    // A widget that needs helper modules: once they are in, it is defined with
    // setup(root, ui, tools, ...what they define, in the order of `helpers`). If one could not be
    // fetched (offline, say), the widget never starts and its fallback stays, which still teaches.
    defineWith: function (name, helpers, setup) {
      Promise.all(
        helpers.map(function (helper) {
          return load(helper, false);
        })
      ).then(
        function (loaded) {
          define(name, function (root, ui, tools) {
            return setup.apply(null, [root, ui, tools].concat(loaded));
          });
        },
        function () {
          // the fallback stays
        }
      );
    },
    format: format,
    descend: descend,
    trace: trace,
    compileSurface: compileSurface,
    settling: settling,
    regime: regime,
    contour: contour,
    // Test hooks: the widget's own math on any input, and its draw timings.
    path: function (root, start, rate, steps) {
      const tools = instanceOf(root).tools;
      return tools.descend(Array.isArray(start) ? start : [start], rate, steps);
    },
    regimeOf: function (root, rate) {
      return regime(instanceOf(root).tools.config.regimes, rate);
    },
    state: function (root) {
      const widget = instanceOf(root).widget;
      return widget.state ? widget.state() : null;
    },
    timings: function (root) {
      return instanceOf(root).tools.timings.slice();
    },
    // Set up the widget roots not set up yet, and stop those gone (what a new page does): a test that swaps a
    // root for a fresh copy of its HTML gets a new widget without loading the page again.
    rescan: scan,
    // How many widgets are running; with a name, how many of that widget.
    live: function (name) {
      sweep();
      if (!name) return live.size;
      let count = 0;
      live.forEach(function (instance) {
        if (instance.root.getAttribute("data-gd-widget") === name) count++;
      });
      return count;
    },
  };

  // Run fn on this page and on every page after it (Material's instant navigation: document$).
  function everyPage(fn) {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(fn);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }
  // gdnotes.pages: the scans of other scripts (quiz.js) that run on every page; one loaded before
  // this leaves its scan in a list, one loaded after pushes it here.
  const earlier = window.gdnotes.pages || [];
  window.gdnotes.pages = { push: everyPage };
  earlier.forEach(everyPage);
  everyPage(scan);
})();
