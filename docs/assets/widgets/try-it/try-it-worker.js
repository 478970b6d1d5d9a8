// gdnotes try-it cell: the Web Worker that runs the reader's Python (see try-it.js).
//
// A module worker, started at the first Run. It loads Pyodide (CPython
// compiled to WebAssembly) from the site's own assets/pyodide/ (indexURL, sent
// by the page), never from another host, then runs each snippet it is sent in
// a fresh namespace, as gdnotes.widgets.run_snippet does at build time.
// A run may carry a challenge's checking code (check): after the reader's code
// ends without an exception, it defines check(namespace) in a namespace of its
// own and calls it with the reader's namespace, as gdnotes.challenges.attempt
// does at build time; it answers (passed, message) and a check that raises is
// a miss.
// Messages to the page:
//   {type: "loaded", seconds}          Python is ready
//   {type: "started"}                  the snippet starts (the page's time limit counts from here)
//   {type: "output", stream, text}     printed text ("stdout" or "stderr"), sent in batches
//   {type: "done", error, truncated, verdict}
//                                      finished; error is the traceback text, or null;
//                                      verdict {passed, message}, or null (no check, or an error)
//   {type: "failed", message}          Python could not be loaded
// The page stops a runaway snippet by terminating this worker.

const FILENAME = "<your code>";
const MAX_OUTPUT = 100000; // characters kept per run; the rest is dropped (and the page says so)

// Runs a snippet like a script: fresh namespace, no input, traceback text (without this
// runner's own frame) returned instead of raised. linecache lets the traceback quote the lines.
const RUNNER = `
import io, json, linecache, sys, traceback

# line by line, so that a loop that prints shows its lines while it runs
sys.stdout.reconfigure(line_buffering=True)
sys.stderr.reconfigure(line_buffering=True)

def _gdnotes_check(check, namespace):
    scope = {"__name__": "gdnotes_check"}
    try:
        exec(compile(check, "<check>", "exec"), scope)
        passed, message = scope["check"](namespace)
        return {"passed": passed is True, "message": str(message)}
    except Exception as error:
        return {"passed": False, "message": f"The check could not read your result: {type(error).__name__}: {error}"}

def _gdnotes_run(source, filename, check=""):
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    sys.stdin = io.StringIO("")
    namespace = {"__name__": "__main__"}
    error = verdict = None
    try:
        exec(compile(source, filename, "exec"), namespace)
    except SystemExit as stop:
        if stop.code not in (None, 0):
            error = "".join(traceback.format_exception_only(type(stop), stop))
    except BaseException as failure:
        frames = failure.__traceback__.tb_next if failure.__traceback__ else None
        error = "".join(traceback.format_exception(type(failure), failure, frames))
    try:
        if check and error is None:
            verdict = _gdnotes_check(check, namespace)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    return json.dumps({"error": error, "verdict": verdict})

_gdnotes_run
`;

let pyodide = null;
let run = null;
let pending = [];
let pendingSize = 0;
let lastFlush = 0;
let written = 0;
let truncated = false;

function flush() {
  if (pending.length) {
    pending.forEach(function (part) {
      postMessage({ type: "output", stream: part.stream, text: part.text });
    });
    pending = [];
    pendingSize = 0;
  }
  lastFlush = Date.now();
}

// Collect printed text; send it in batches (the snippet keeps this thread busy, so no timers).
function writer(stream) {
  const decoder = new TextDecoder();
  return {
    write: function (buffer) {
      let text = decoder.decode(buffer, { stream: true });
      if (written + text.length > MAX_OUTPUT) {
        text = text.slice(0, Math.max(0, MAX_OUTPUT - written));
        truncated = true;
      }
      written += text.length;
      if (text) {
        const last = pending[pending.length - 1];
        if (last && last.stream === stream) last.text += text;
        else pending.push({ stream: stream, text: text });
        pendingSize += text.length;
      }
      if (pendingSize > 8192 || Date.now() - lastFlush > 50) flush();
      return buffer.length;
    },
    isatty: false,
  };
}

async function load(indexURL) {
  const began = performance.now();
  const module = await import(indexURL + "pyodide.mjs");
  pyodide = await module.loadPyodide({
    indexURL: indexURL,
    lockFileURL: indexURL + "pyodide-lock.json",
    packageBaseUrl: indexURL, // packages, if any, from the site too: never a CDN
    fullStdLib: false,
  });
  pyodide.setStdout(writer("stdout"));
  pyodide.setStderr(writer("stderr"));
  run = pyodide.runPython(RUNNER);
  postMessage({ type: "loaded", seconds: (performance.now() - began) / 1000 });
}

self.onmessage = async function (event) {
  const message = event.data || {};
  if (message.type !== "run") return;
  if (!pyodide) {
    try {
      await load(message.indexURL);
    } catch (error) {
      postMessage({ type: "failed", message: String((error && error.message) || error) });
      return;
    }
  }
  written = 0;
  truncated = false;
  lastFlush = Date.now();
  postMessage({ type: "started" });
  let error = null;
  let verdict = null;
  try {
    const check = typeof message.check === "string" ? message.check : ""; // "": no challenge
    const result = JSON.parse(run(String(message.code), FILENAME, check));
    error = result.error;
    verdict = result.verdict;
  } catch (failure) {
    error = String((failure && failure.message) || failure);
  }
  flush();
  postMessage({ type: "done", error: error, truncated: truncated, verdict: verdict });
};
