// A Copy button for an address in a readonly field: the reminders page's
// calendar address, the share links page's new link. The button says what it
// copies (data-copy-what: "address", "link") and what to do once copied
// (data-copied). Without this script the button stays hidden, and the field
// can be selected and copied by hand.
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
    function selectAll() {
      field.focus();
      field.select();
      field.setSelectionRange(0, field.value.length);
    }

    function fallback() {
      selectAll();
      say(`The ${button.dataset.copyWhat} is selected: copy it with Ctrl+C (⌘C on a Mac), or your device’s Copy.`);
    }

    button.hidden = false;
    button.addEventListener("click", () => {
      say("");
      if (!navigator.clipboard || !window.isSecureContext) {
        fallback();
        return;
      }
      navigator.clipboard.writeText(field.value).then(
        () => say(button.dataset.copied),
        fallback,
      );
    });
    // A click in the field selects all of it: half an address does not work.
    field.addEventListener("focus", () => field.select());
  });
})();
