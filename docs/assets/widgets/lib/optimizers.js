// gdnotes optimizers in the browser: the update rules of gdnotes.optimizers and
// the step loop of gdnotes.descent.run, so that a widget racing optimizers
// computes what the package computes (the browser tests check it to 1e-9).
//
// Each rule is a row of RULES: its hyperparameters (each with the check that
// gdnotes._validate makes), init(d) -> state and update(h, grad, state) ->
// [step, state], in the convention of torch.optim and with the arithmetic in
// the same order as the Python, so that rounding agrees too. Adding a rule is
// adding a row. Default values are not written here: they come from Python,
// in the widget's config.
//
// Not a widget of its own: a widget's script loads it with
// gdnotes.widgets.load("optimizers") and receives {RULES, optimizer, run}.
(function () {
  "use strict";

  function zeros(d) {
    return new Array(d).fill(0);
  }

  // The checks of gdnotes._validate, by kind; each names the hyperparameter.
  const CHECKS = {
    positive: function (name, value) {
      if (typeof value !== "number") throw new TypeError(name + " must be a real number, got " + value);
      if (!Number.isFinite(value)) throw new RangeError(name + " must be finite, got " + value);
      if (!(value > 0)) throw new RangeError(name + " must be positive, got " + value);
    },
    unit: function (name, value) {
      if (typeof value !== "number") throw new TypeError(name + " must be a real number, got " + value);
      if (!(value >= 0 && value < 1)) throw new RangeError(name + " must be in [0, 1), got " + value);
    },
    flag: function (name, value) {
      if (typeof value !== "boolean") throw new TypeError(name + " must be true or false, got " + value);
    },
  };

  const RULES = {
    // w <- w - alpha * g
    gradient_descent: {
      hyperparameters: { learning_rate: "positive" },
      init: function () {
        return null;
      },
      update: function (h, g, state) {
        const step = new Array(g.length);
        for (let i = 0; i < g.length; i++) step[i] = -h.learning_rate * g[i];
        return [step, state];
      },
    },
    // v <- beta * v + g; step = -alpha * v (Nesterov: -alpha * (g + beta * v))
    momentum: {
      hyperparameters: { learning_rate: "positive", beta: "unit", nesterov: "flag" },
      init: zeros,
      update: function (h, g, v) {
        const velocity = new Array(g.length);
        const step = new Array(g.length);
        for (let i = 0; i < g.length; i++) {
          velocity[i] = h.beta * v[i] + g[i];
          step[i] = -h.learning_rate * (h.nesterov ? g[i] + h.beta * velocity[i] : velocity[i]);
        }
        return [step, velocity];
      },
    },
    // s <- s + g^2; step = -alpha * g / (sqrt(s) + eps)
    adagrad: {
      hyperparameters: { learning_rate: "positive", eps: "positive" },
      init: zeros,
      update: function (h, g, total) {
        const next = g.map(function (gi, i) {
          return total[i] + gi * gi;
        });
        return [
          g.map(function (gi, i) {
            return (-h.learning_rate * gi) / (Math.sqrt(next[i]) + h.eps);
          }),
          next,
        ];
      },
    },
    // s <- rho * s + (1 - rho) * g^2; step = -alpha * g / (sqrt(s) + eps)
    rmsprop: {
      hyperparameters: { learning_rate: "positive", rho: "unit", eps: "positive" },
      init: zeros,
      update: function (h, g, average) {
        const next = g.map(function (gi, i) {
          return h.rho * average[i] + (1 - h.rho) * (gi * gi);
        });
        return [
          g.map(function (gi, i) {
            return (-h.learning_rate * gi) / (Math.sqrt(next[i]) + h.eps);
          }),
          next,
        ];
      },
    },
    // bias-corrected moving averages of g and g^2 (Kingma and Ba, 2015)
    adam: {
      hyperparameters: { learning_rate: "positive", beta1: "unit", beta2: "unit", eps: "positive" },
      init: function (d) {
        return { count: 0, mean: zeros(d), square: zeros(d) };
      },
      update: function (h, g, state) {
        const count = state.count + 1;
        const mean = g.map(function (gi, i) {
          return h.beta1 * state.mean[i] + (1 - h.beta1) * gi;
        });
        const square = g.map(function (gi, i) {
          return h.beta2 * state.square[i] + (1 - h.beta2) * (gi * gi);
        });
        const meanFix = 1 - Math.pow(h.beta1, count);
        const squareFix = 1 - Math.pow(h.beta2, count);
        const step = mean.map(function (m, i) {
          return (-h.learning_rate * (m / meanFix)) / (Math.sqrt(square[i] / squareFix) + h.eps);
        });
        return [step, { count: count, mean: mean, square: square }];
      },
    },
  };

  // An optimizer: the rule with its hyperparameters checked; throws a TypeError
  // or RangeError naming a missing or bad one.
  function optimizer(rule, hyperparameters) {
    const row = RULES[rule];
    if (!row) throw new RangeError("unknown optimizer " + rule + "; known: " + Object.keys(RULES).join(", "));
    const h = {};
    Object.keys(row.hyperparameters).forEach(function (name) {
      if (!(name in hyperparameters)) throw new TypeError(rule + " needs " + name);
      CHECKS[row.hyperparameters[name]](name, hyperparameters[name]);
      h[name] = hyperparameters[name];
    });
    return {
      rule: rule,
      hyperparameters: h,
      init: row.init,
      update: function (g, state) {
        return row.update(h, g, state);
      },
    };
  }

  // gdnotes.descent.run for one start: at each step k the loss and gradient are
  // evaluated; if a coordinate's size or the loss passes `limit`, or the gradient
  // is not finite, the run is diverged at k (its position, infinite parts as NaN,
  // and loss are kept, its gradient is NaN) and stops; otherwise
  // x <- x + step with [step, state] = opt.update(grad, state).
  function run(surface, opt, start, steps, limit) {
    const d = start.length;
    let x = start.slice();
    let state = opt.init(d);
    const record = window.gdnotes.widgets.trace();
    for (let k = 0; k <= steps; k++) {
      const loss = surface.value(x);
      const grad = surface.gradient(x);
      let ok = Math.abs(loss) <= limit;
      for (let i = 0; i < d && ok; i++) ok = Math.abs(x[i]) <= limit && Number.isFinite(grad[i]);
      if (!ok) {
        record.diverge(k, x, loss);
        break;
      }
      record.keep(x, loss, grad);
      if (k === steps) break;
      const update = opt.update(grad, state);
      const step = update[0];
      state = update[1];
      const next = new Array(d);
      for (let i = 0; i < d; i++) next[i] = x[i] + step[i];
      x = next;
    }
    return record.done();
  }

  window.gdnotes.widgets.define("optimizers", { RULES: RULES, optimizer: optimizer, run: run });
})();
