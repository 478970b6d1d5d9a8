// Instant feedback for the quizzes made by gdnotes.quiz.
// Works with Material's instant navigation: it re-scans on every page. The widgets'
// loader (widgets/lib/widgets.js, on every page) runs the scans left in gdnotes.pages
// on every page, as it runs its own.
(function () {
  "use strict";

  function setUp(root) {
    if (root.dataset.gdReady) return;
    const feedback = root.querySelector(".gd-quiz-feedback");
    const inputs = root.querySelectorAll('input[type="radio"]');
    root.querySelector(".gd-quiz-key").hidden = true;
    inputs.forEach(function (input) {
      input.addEventListener("change", function () {
        root.querySelectorAll("li").forEach(function (li) {
          li.classList.remove("gd-right", "gd-wrong");
          const note = li.querySelector(".gd-quiz-explanation");
          if (note) note.hidden = true;
        });
        const item = input.closest("li");
        const right = input.hasAttribute("data-correct");
        item.classList.add(right ? "gd-right" : "gd-wrong");
        item.querySelector(".gd-quiz-explanation").hidden = false;
        feedback.textContent = (right ? "Correct. " : "Not quite. ") +
          item.querySelector(".gd-quiz-explanation").textContent;
        feedback.className = "gd-quiz-feedback " + (right ? "gd-right" : "gd-wrong");
      });
    });
    root.dataset.gdReady = "";
  }

  function scan() {
    document.querySelectorAll("[data-gd-quiz]").forEach(setUp);
  }

  window.gdnotes = window.gdnotes || {};
  (window.gdnotes.pages = window.gdnotes.pages || []).push(scan);
})();
