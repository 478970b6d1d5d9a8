// gdnotes 3-D surface helpers: what the widgets that show a loss surface in 3-D
// share (surface-explorer in lesson 1, marble on the home page). A mesh of quads
// over the surface's bounds, shaded from the palette and drawn back to front with
// a small perspective; the camera (yaw and pitch, fitted so that the surface fits
// the canvas at any turn); the screen point of a surface point; the surface point
// under the pointer; a run's path with its marble. No 3-D library.
//
// Not a widget of its own: a widget's script loads it with
// defineWith(name, ["surface3d"], setup), so that pages without a 3-D surface
// do not carry it.
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

  // The scene of tools.surface (2-D) on `layer` (a tools.canvas), with an n × n mesh.
  function scene(tools, layer, n) {
    const surface = tools.surface;
    const bounds = surface.bounds;

    // --- the mesh, in world units: x, y in [-1, 1] (the longer side), z in [-HEIGHT/2, HEIGHT/2]
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
    for (let k = 0; k < n * n; k++) vertices.set(world(wx[k], wy[k], heights[k]), 3 * k);
    const quads = (n - 1) * (n - 1);
    const corners = new Int32Array(4 * quads);
    const shade = new Float64Array(quads);
    const level = new Float64Array(quads);
    for (let j = 0, q = 0; j < n - 1; j++) {
      for (let i = 0; i < n - 1; i++, q++) {
        const a = j * n + i;
        corners[4 * q] = a;
        corners[4 * q + 1] = a + 1;
        corners[4 * q + 2] = a + n + 1;
        corners[4 * q + 3] = a + n;
        const o = 3 * a;
        const r = 3 * (a + 1);
        const d = 3 * (a + n);
        const u0 = vertices[r] - vertices[o];
        const u1 = vertices[r + 1] - vertices[o + 1];
        const u2 = vertices[r + 2] - vertices[o + 2];
        const v0 = vertices[d] - vertices[o];
        const v1 = vertices[d + 1] - vertices[o + 1];
        const v2 = vertices[d + 2] - vertices[o + 2];
        const n0 = u1 * v2 - u2 * v1;
        const n1 = u2 * v0 - u0 * v2;
        const n2 = u0 * v1 - u1 * v0; // (plain arithmetic: no array made a quad while the page loads)
        const length = Math.hypot(n0, n1, n2) || 1;
        shade[q] = Math.abs(n0 * LIGHT[0] + n1 * LIGHT[1] + n2 * LIGHT[2]) / length;
        level[q] = (heights[a] + heights[a + 1] + heights[a + n] + heights[a + n + 1]) / 4;
      }
    }
    let fills = []; // one fill colour per quad, from the palette
    const view = { yaw: DEFAULT_VIEW.yaw, pitch: DEFAULT_VIEW.pitch };

    // --- the camera
    function camera() {
      const yaw = (view.yaw * Math.PI) / 180;
      const pitch = (view.pitch * Math.PI) / 180;
      const frame = fit(view.pitch);
      return { cy: Math.cos(yaw), sy: Math.sin(yaw), cp: Math.cos(pitch), sp: Math.sin(pitch), scale: frame.scale, x: frame.x, y: frame.y };
    }
    // world -> [screen x, screen y, depth (larger is farther)]; written into out[at..at+2] when out is given, so
    // that a loop over the mesh makes no array a point
    function project(c, x, y, z, out, at) {
      const xr = x * c.cy - y * c.sy;
      const yr = x * c.sy + y * c.cy;
      const up = z * c.cp + yr * c.sp;
      const depth = yr * c.cp - z * c.sp;
      const k = (c.scale * DISTANCE) / (DISTANCE + depth);
      const into = out || [0, 0, 0];
      const i = out ? at : 0;
      into[i] = tools.clampPixel(c.x + xr * k);
      into[i + 1] = tools.clampPixel(c.y - up * k);
      into[i + 2] = depth;
      return into;
    }
    // the screen point of the surface point w
    function on(c, w) {
      const p = world(w[0], w[1], surface.value(w));
      return project(c, p[0], p[1], p[2]);
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
    // how far the mesh reaches on screen at a tilt, over every turn (at scale 1): the same at any canvas size
    let reach = null;
    function extent(pitch) {
      if (reach && reach.pitch === pitch) return reach;
      const p = (pitch * Math.PI) / 180;
      const unit = { cp: Math.cos(p), sp: Math.sin(p), scale: 1, x: 0, y: 0 };
      const s = [0, 0, 0];
      let wide = 0;
      let top = Infinity;
      let bottom = -Infinity;
      for (let yaw = 0; yaw < 360; yaw += 10) {
        unit.cy = Math.cos((yaw * Math.PI) / 180);
        unit.sy = Math.sin((yaw * Math.PI) / 180);
        for (let b = 0; b < box.length; b++) {
          project(unit, box[b][0], box[b][1], box[b][2], s, 0);
          wide = Math.max(wide, Math.abs(s[0]));
          top = Math.min(top, s[1]);
          bottom = Math.max(bottom, s[1]);
        }
      }
      reach = { pitch: pitch, wide: wide, top: top, bottom: bottom };
      return reach;
    }
    extent(view.pitch); // now, with the mesh, rather than in the first draw
    let fitted = null;
    function fit(pitch) {
      if (fitted && fitted.pitch === pitch && fitted.width === layer.width && fitted.height === layer.height) return fitted;
      const { wide, top, bottom } = extent(pitch);
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

    // The point of the surface under the pixel (px, py), on a grid of round numbers, or null:
    // project the grid and take, among the points close to the pixel, the one nearest the viewer.
    const pickStep = tools.nice(Math.max(bounds[0][1] - bounds[0][0], bounds[1][1] - bounds[1][0]) / 80);
    function round(value) {
      return Math.round(value * 1e6) / 1e6;
    }
    function pick(px, py) {
      const c = camera();
      let best = null;
      let bestDepth = Infinity;
      let nearest = null;
      let nearestDistance = Infinity;
      for (let a = Math.ceil(bounds[0][0] / pickStep - 1e-9); a * pickStep <= bounds[0][1] + 1e-9; a++) {
        for (let b = Math.ceil(bounds[1][0] / pickStep - 1e-9); b * pickStep <= bounds[1][1] + 1e-9; b++) {
          const w = [round(a * pickStep), round(b * pickStep)];
          const s = on(c, w);
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
      return best || (nearestDistance < 24 ? nearest : null);
    }

    // Fill colours from the palette (low to high loss, lit); again on a new palette.
    function paint() {
      const colors = tools.colors;
      const low = tools.rgba(colors.low);
      const high = tools.rgba(colors.high);
      fills = [];
      for (let q = 0; q < quads; q++) {
        const t = Math.sqrt(Math.max(0, Math.min(1, (level[q] - zLow) / (zHigh - zLow))));
        const light = 0.6 + 0.4 * shade[q];
        const r = Math.round((low[0] + (high[0] - low[0]) * t) * light);
        const g = Math.round((low[1] + (high[1] - low[1]) * t) * light);
        const b = Math.round((low[2] + (high[2] - low[2]) * t) * light);
        fills.push("rgb(" + r + "," + g + "," + b + ")");
      }
    }

    const screen = new Float64Array(3 * n * n);
    const order = [];
    for (let q = 0; q < quads; q++) order.push(q);
    const depth = new Float64Array(quads);

    // Clear the layer and draw the surface seen by the camera c, with the names of its axes.
    function draw(c) {
      const ctx = layer.ctx;
      const colors = tools.colors;
      layer.clear();
      for (let k = 0; k < n * n; k++) {
        project(c, vertices[3 * k], vertices[3 * k + 1], vertices[3 * k + 2], screen, 3 * k);
      }
      for (let q = 0; q < quads; q++) {
        const i = 4 * q;
        depth[q] = screen[3 * corners[i] + 2] + screen[3 * corners[i + 1] + 2] + screen[3 * corners[i + 2] + 2] + screen[3 * corners[i + 3] + 2];
      }
      order.sort(function (a, b) {
        return depth[b] - depth[a];
      });
      // Back to front: fill each quad, and every so often stroke the mesh lines of the
      // quads just filled, in one path, before nearer quads cover them.
      ctx.lineJoin = "round";
      ctx.lineWidth = 0.6;
      ctx.strokeStyle = colors.grid;
      const trace = function (i) {
        ctx.moveTo(screen[3 * corners[i]], screen[3 * corners[i] + 1]);
        ctx.lineTo(screen[3 * corners[i + 1]], screen[3 * corners[i + 1] + 1]);
        ctx.lineTo(screen[3 * corners[i + 2]], screen[3 * corners[i + 2] + 1]);
        ctx.lineTo(screen[3 * corners[i + 3]], screen[3 * corners[i + 3] + 1]);
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
      const xLabel = project(c, edgeX[0] + 0.16, edgeX[1], edgeX[2]);
      const yLabel = project(c, edgeY[0], edgeY[1] + 0.16, edgeY[2]);
      ctx.fillText(surface.labels[0], xLabel[0], xLabel[1]);
      ctx.fillText(surface.labels[1], yLabel[0], yLabel[1]);
    }

    // A run's path (tools.descend's record) up to `shown` steps (a fraction: the marble part way to
    // the next step), with a dot at each step and the marble at its end. Points that are not finite
    // are left out. Returns the step reached.
    function path(c, run, shown) {
      const ctx = layer.ctx;
      const colors = tools.colors;
      const reached = Math.min(Math.floor(shown), run.last);
      const t = shown - reached;
      let here = run.positions[reached];
      if (t > 0 && reached < run.last) {
        const next = run.positions[reached + 1];
        here = here.map(function (x, i) {
          return x + (next[i] - x) * t;
        });
      }
      const finite = function (w) {
        return Number.isFinite(w[0]) && Number.isFinite(w[1]);
      };
      ctx.save();
      ctx.strokeStyle = colors.path;
      ctx.fillStyle = colors.path;
      ctx.lineWidth = 2;
      ctx.beginPath();
      let started = false;
      for (let k = 0; k <= reached; k++) {
        if (!finite(run.positions[k])) continue;
        const s = on(c, run.positions[k]);
        if (!started) ctx.moveTo(s[0], s[1]);
        else ctx.lineTo(s[0], s[1]);
        started = true;
      }
      const marbleAt = finite(here) ? on(c, here) : null;
      if (marbleAt && started && (reached > 0 || t > 0)) ctx.lineTo(marbleAt[0], marbleAt[1]);
      ctx.stroke();
      for (let k = 1; k <= reached; k++) {
        if (!finite(run.positions[k])) continue;
        const s = on(c, run.positions[k]);
        ctx.beginPath();
        ctx.arc(s[0], s[1], 2.2, 0, 2 * Math.PI);
        ctx.fill();
      }
      ctx.restore();
      if (marbleAt) tools.marble(ctx, marbleAt[0], marbleAt[1], 7, colors);
      return reached;
    }

    return {
      view: view,
      defaultView: DEFAULT_VIEW,
      camera: camera,
      project: project,
      on: on,
      pick: pick,
      paint: paint,
      draw: draw,
      path: path,
    };
  }

  window.gdnotes.widgets.define("surface3d", { scene: scene });
})();
