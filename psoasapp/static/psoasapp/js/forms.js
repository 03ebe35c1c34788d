// Forms: after a failed submit, focus the error summary so that a screen reader
// reads it first and the eyes land on it (templates/includes/error_summary.html).
(function () {
  "use strict";
  const summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.scrollIntoView({ block: "start" });
  }
  // A link in the summary moves focus to its field, not only the scroll position.
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) return;
    const field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    field.focus();
    const group = field.closest("fieldset, div") || field;
    group.scrollIntoView({ block: "center" });
  });
})();
