// gdnotes widget: the try-it code cell (lesson 4).
//
// The fallback is the snippet and its output, both made at build time by
// gdnotes.widgets.try_it. This turns them into a text box with Run, Stop and
// Reset code. Nothing of Python is fetched until the first Run: then the
// worker (try-it-worker.js) loads Pyodide from the site's own assets/pyodide/
// (about the size that manifest.json, written by the build, adds up) and runs
// the code off the main thread, so the page never freezes. Stop, or the time
// limit, ends a runaway snippet by terminating the worker; the next Run starts
// a new one. Ctrl+Enter (Cmd+Enter on a Mac) in the box runs the code; Tab
// leaves the box as usual.
//
// With a challenge (config.challenge, from gdnotes.challenges) each run also
// sends the challenge's checking code; the worker runs it after the reader's
// code and answers whether the task is met. The status line (polite) says
// "Done" or "Not yet" with the check's words, marked as a verdict (data-gd-verdict,
// styled like the fallback's); after a miss the hint shows
// (taken from the fallback, where the build rendered it, math included). The
// worked solution is the fallback's <details>, which stays on the page.
(function () {
  "use strict";
  const script = document.currentScript;
  const HERE = new URL(".", script && script.src ? script.src : location.href).href;
  const RUNTIME = new URL("../../pyodide/", HERE).href; // this file is assets/widgets/try-it/try-it.js

  window.gdnotes.widgets.define("try-it", function (root, ui, tools) {
    const config = tools.config;
    const el = tools.el;
    const limit = config.timeLimit;
    const id = tools.id;

    const editor = el("textarea", {
      id: id + "-code",
      class: "gd-tryit-editor",
      spellcheck: "false",
      autocapitalize: "off",
      autocomplete: "off",
      autocorrect: "off",
      wrap: "off",
      "aria-describedby": id + "-keys",
    });
    editor.value = config.code;
    // The box grows with the code (8 to 30 lines; it scrolls past that and can be resized).
    function fit() {
      editor.rows = Math.min(30, Math.max(8, editor.value.split("\n").length));
    }
    fit();
    const run = el("button", { type: "button", class: "gd-button gd-primary", text: "Run" });
    const stop = el("button", { type: "button", class: "gd-button", text: "Stop" });
    const reset = el("button", { type: "button", class: "gd-button", text: "Reset code" });
    const status = el("p", { class: "gd-status", id: id + "-status", role: "status", "aria-live": "polite" });
    const heading = el("p", { class: "gd-tryit-heading", id: id + "-output-label" });
    const output = el("pre", {
      class: "gd-tryit-output",
      "aria-live": "polite",
      "aria-labelledby": id + "-output-label",
      tabindex: "0",
    });

    ui.classList.add("gd-tryit");
    ui.appendChild(el("label", { for: editor.id, text: config.label }));
    ui.appendChild(
      el("p", {
        class: "gd-readout",
        id: id + "-keys",
        text: "Edit freely. Ctrl+Enter (⌘+Enter on a Mac) runs the code; Tab moves on to the buttons.",
      })
    );
    ui.appendChild(editor);
    ui.appendChild(el("div", { class: "gd-controls gd-buttons" }, [run, stop, reset]));
    ui.appendChild(status);
    const task = config.challenge || null;
    const hint = el("div", { class: "gd-tryit-hint", hidden: "" });
    if (task) {
      const built = root.querySelector(".gd-fallback .gd-tryit-hint");
      if (built) hint.innerHTML = built.innerHTML;
      ui.appendChild(hint);
    }
    ui.appendChild(heading);
    ui.appendChild(output);

    // phase: idle (build-time output shown), loading, running, done, error, stopped, failed, missing
    let phase = "idle";
    let worker = null;
    let runs = 0;
    let timer = null;
    let startedAt = 0;
    let loadSeconds = null;
    let runSeconds = null;
    let megabytes = null;

    function say(text) {
      status.classList.remove("gd-tryit-verdict");
      status.removeAttribute("data-gd-verdict");
      status.textContent = text;
    }

    function showBuildOutput(title) {
      heading.textContent = title || "Output (computed when this page was built)";
      output.textContent = config.output || "(nothing printed)";
      output.removeAttribute("data-gd-error");
    }

    // The check's answer, said in the status line (marked as a verdict); a miss shows the hint.
    let result = null;
    function judge(answer) {
      result = answer ? { passed: answer.passed === true, message: String(answer.message) } : null;
      hint.hidden = result === null || result.passed;
      status.classList.toggle("gd-tryit-verdict", result !== null);
      if (result === null) {
        status.removeAttribute("data-gd-verdict");
        return;
      }
      status.setAttribute("data-gd-verdict", result.passed ? "pass" : "miss");
      status.textContent = "";
      status.appendChild(el("strong", { text: result.passed ? "Done: the task is met." : "Not yet." }));
      status.appendChild(
        document.createTextNode(" " + result.message + (result.passed ? "" : " A hint is shown below."))
      );
    }

    function note(text, kind) {
      output.appendChild(el("span", { class: "gd-tryit-" + kind, text: text }));
    }

    function setPhase(next) {
      phase = next;
      const busy = phase === "loading" || phase === "running";
      // aria-disabled, not disabled: a button that has the keyboard focus keeps it
      run.setAttribute("aria-disabled", String(busy || phase === "missing"));
      stop.setAttribute("aria-disabled", String(!busy));
      root.setAttribute("data-gd-phase", phase);
    }

    function endWorker() {
      if (timer !== null) tools.cancelLater(timer);
      timer = null;
      if (worker) worker.terminate();
      worker = null;
    }

    function seconds(value) {
      return tools.format(value, 2) + " s";
    }

    function halt(reason) {
      const wasLoading = phase === "loading";
      const elapsed = (performance.now() - startedAt) / 1000;
      endWorker();
      runSeconds = wasLoading ? null : elapsed;
      if (wasLoading) {
        setPhase("stopped");
        say("Loading stopped. Press Run to load Python again.");
        return;
      }
      const why =
        reason === "limit"
          ? "Stopped: the code ran for " + seconds(limit) + ", the time limit (an endless loop?)."
          : "Stopped after " + seconds(elapsed) + ".";
      if (output.lastChild && !/\n$/.test(output.textContent)) output.appendChild(document.createTextNode("\n"));
      note("[" + why + "]", "note");
      setPhase("stopped");
      say(why + " Python was shut down; the next Run starts it again.");
    }

    function onMessage(event) {
      const message = event.data || {};
      if (message.type === "loaded") {
        loadSeconds = message.seconds;
        say("Ready: Python loaded in " + seconds(message.seconds) + ". Running…");
      } else if (message.type === "started") {
        setPhase("running");
        startedAt = performance.now();
        timer = tools.later(function () {
          timer = null;
          if (phase === "running") halt("limit");
        }, limit * 1000);
      } else if (message.type === "output") {
        if (message.stream === "stderr") note(message.text, "stderr");
        else output.appendChild(document.createTextNode(message.text));
      } else if (message.type === "done") {
        if (timer !== null) tools.cancelLater(timer);
        timer = null;
        runSeconds = (performance.now() - startedAt) / 1000;
        if (message.truncated) note("[output cut short: only the first 100000 characters are shown]\n", "note");
        if (message.error) {
          note(message.error, "error");
          output.setAttribute("data-gd-error", "");
          setPhase("error");
          say(
            "Your code raised an exception after " + seconds(runSeconds) + ": the traceback is at the end of the output." +
              (task ? " The task was not checked." : "")
          );
        } else {
          if (!output.textContent) note("(nothing printed)", "note");
          setPhase("done");
          if (task && message.verdict) {
            judge(message.verdict);
          } else {
            say("Done in " + seconds(runSeconds) + ". Edit the code and run it again, or reset it.");
          }
        }
      } else if (message.type === "failed") {
        endWorker();
        setPhase("failed");
        showBuildOutput();
        say("Python could not be loaded (" + message.message + "). The output below was computed when the page was built.");
      }
    }

    function startWorker() {
      worker = new Worker(new URL("try-it-worker.js", HERE).href, { type: "module" });
      worker.onmessage = onMessage;
      worker.onerror = function (event) {
        event.preventDefault();
        onMessage({ data: { type: "failed", message: event.message || "the worker stopped" } });
      };
    }

    // The build's manifest says what the runtime weighs; without it this copy of the site has no Python.
    function runtimeSize() {
      if (megabytes !== null) return Promise.resolve(megabytes);
      return fetch(RUNTIME + "manifest.json").then(function (response) {
        if (!response.ok) return null;
        return response.json().then(function (manifest) {
          let bytes = 0;
          Object.keys(manifest.files).forEach(function (name) {
            bytes += manifest.files[name].bytes;
          });
          megabytes = Math.max(1, Math.round(bytes / 1e6));
          return megabytes;
        });
      });
    }

    function start() {
      if (phase === "loading" || phase === "running" || phase === "missing") return;
      runs += 1;
      runSeconds = null;
      output.textContent = "";
      output.removeAttribute("data-gd-error");
      heading.textContent = "Output";
      judge(null);
      startedAt = performance.now();
      const code = editor.value;
      if (worker) {
        setPhase("running");
        say("Running…");
        worker.postMessage({ type: "run", code: code, check: task ? task.check : "", indexURL: RUNTIME });
        return;
      }
      setPhase("loading");
      say("Loading Python…");
      runtimeSize().then(
        function (size) {
          if (phase !== "loading" || !tools.alive()) return;
          if (size === null) {
            setPhase("missing");
            showBuildOutput();
            say(
              "Python cannot run here: this copy of the site was built without its Python runtime " +
                "(assets/pyodide/; scripts/fetch_pyodide.py fetches it). The output below was computed when the page was built."
            );
            return;
          }
          say("Loading Python (about " + size + " MB, first time only)…");
          startWorker();
          worker.postMessage({ type: "run", code: code, check: task ? task.check : "", indexURL: RUNTIME });
        },
        function (error) {
          if (phase !== "loading") return;
          setPhase("failed");
          showBuildOutput();
          say("Python could not be loaded (" + error.message + "). The output below was computed when the page was built.");
        }
      );
    }

    tools.on(run, "click", start);
    tools.on(stop, "click", function () {
      if (phase !== "loading" && phase !== "running") return;
      const focused = document.activeElement === stop;
      halt("stop");
      if (focused) run.focus();
    });
    tools.on(reset, "click", function () {
      editor.value = config.code;
      fit();
      say("The code is back to the lesson's version.");
    });
    tools.on(editor, "input", fit);
    tools.on(editor, "keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        start();
      }
    });

    showBuildOutput();
    setPhase("idle");
    say("Press Run to run this code in your browser. The first Run loads Python into the page.");

    return {
      state: function () {
        return {
          phase: phase,
          runs: runs,
          output: output.textContent,
          error: output.hasAttribute("data-gd-error"),
          status: status.textContent,
          loadSeconds: loadSeconds,
          runSeconds: runSeconds,
          megabytes: megabytes,
          worker: worker !== null,
          verdict: result,
          hint: task !== null && !hint.hidden,
        };
      },
      destroy: endWorker,
    };
  });
})();
