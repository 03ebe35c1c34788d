// The share links page: a Copy button for the new link, shown once. Without
// this script the button stays hidden and the link is a readonly field,
// which the person can select and copy themselves.
(function () {
  "use strict";

  document.querySelectorAll("button[data-copy-target]").forEach((button) => {
    const field = document.getElementById(button.dataset.copyTarget);
    if (!field) return;
    const status = document.querySelector("[data-copy-status]");

    function say(text) {
      if (status) status.textContent = text;
    }

    // Selected, so that the keyboard's copy shortcut takes it when the
    // clipboard cannot be written (an older browser, a page not on HTTPS).
    function selectLink() {
      field.focus();
      field.select();
      field.setSelectionRange(0, field.value.length);
    }

    function fallback() {
      selectLink();
      say("The link is selected: copy it with Ctrl+C (⌘C on a Mac), or your device’s Copy.");
    }

    button.hidden = false;
    button.addEventListener("click", () => {
      say("");
      if (!navigator.clipboard || !window.isSecureContext) {
        fallback();
        return;
      }
      navigator.clipboard.writeText(field.value).then(
        () => say("Copied. Paste it into an email or message to the person it is for."),
        fallback,
      );
    });
    // A click in the field selects all of it: half a link does not work.
    field.addEventListener("focus", () => field.select());
  });
})();
