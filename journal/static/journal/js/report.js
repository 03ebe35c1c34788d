// The report (and a shared copy of it): a Print / Save as PDF button. Without
// this script the button stays hidden, and the page says to use the browser's
// print command; the print stylesheet leaves the button off the paper.
(function () {
  "use strict";

  document.querySelectorAll("button[data-print]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  });
})();
