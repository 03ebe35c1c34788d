// The reminders page: a Copy button for the calendar address. Without this
// script the button stays hidden and the address is a readonly field, which
// the person can select and copy themselves.
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
    function selectAddress() {
      field.focus();
      field.select();
      field.setSelectionRange(0, field.value.length);
    }

    function fallback() {
      selectAddress();
      say("The address is selected: copy it with Ctrl+C (⌘C on a Mac), or your device’s Copy.");
    }

    button.hidden = false;
    button.addEventListener("click", () => {
      say("");
      if (!navigator.clipboard || !window.isSecureContext) {
        fallback();
        return;
      }
      navigator.clipboard.writeText(field.value).then(
        () => say("Copied. Paste it into your calendar app."),
        fallback,
      );
    });
    // A click in the field selects all of it: half an address does not work.
    field.addEventListener("focus", () => field.select());
  });
})();
