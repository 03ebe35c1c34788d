// The report (and a shared copy of it): a Print / Save as PDF button. Without
// this script the button stays hidden, and the page says to use the browser's
// print command (a hint this script hides once the button shows); the print
// stylesheet leaves the button off the paper.
(function () {
  "use strict";

  const buttons = document.querySelectorAll("button[data-print]");
  buttons.forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  });
  if (buttons.length) {
    document.querySelectorAll("[data-print-hint]").forEach((hint) => {
      hint.hidden = true;
    });
  }
})();
