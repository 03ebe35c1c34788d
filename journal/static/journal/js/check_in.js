// New check-in form (templates/journal/check_in_form.html): choosing a date that
// already has a check-in opens that check-in instead (the page reloads with
// ?date=, which the server answers with its edit page), but only while the
// person has entered nothing else, so nothing they typed is lost. Without this
// file the server still refuses to replace a check-in unseen.
(function () {
  "use strict";

  const form = document.querySelector("[data-check-in-new]");
  const data = document.getElementById("check-in-dates");
  if (!form || !data) return;
  const taken = new Set(JSON.parse(data.textContent));
  const date = form.elements.namedItem("date");
  if (!date) return;

  // Nothing chosen or typed: no box ticked, no radio chosen but a "not said"
  // one (value ""), which the form starts with, and no text written.
  function untouched() {
    for (const element of Array.from(form.elements)) {
      if ((element.type === "radio" || element.type === "checkbox") && element.checked) {
        if (element.value !== "") return false;
      }
      const typed = element.tagName === "TEXTAREA" || element.type === "text";
      if (typed && element.value.trim() !== "") return false;
    }
    return true;
  }

  // The box showing the check-in the date already has is about that date only:
  // another date hides it (and the same date shows it again).
  const existing = form.querySelector("[data-existing-date]");

  date.addEventListener("change", function () {
    if (existing) existing.hidden = existing.dataset.existingDate !== date.value;
    if (!taken.has(date.value) || !untouched()) return;
    const url = new URL(form.dataset.checkInUrl, window.location.href);
    url.searchParams.set("date", date.value);
    window.location.assign(url.toString());
  });
})();
