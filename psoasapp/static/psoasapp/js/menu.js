// The header's menu on a phone: a disclosure button shows and hides both
// navigation lists (templates/includes/header.html). Without this script the
// button stays hidden and the lists stay visible. On a wide screen the CSS
// hides the button and always shows the lists, whatever the state here.
(function () {
  "use strict";
  const header = document.querySelector("[data-menu]");
  const button = header && header.querySelector("[data-menu-toggle]");
  const menu = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!menu) return;

  const isOpen = () => button.getAttribute("aria-expanded") === "true";
  const setOpen = (open) => {
    button.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("is-open", open);
  };
  // The button is shown only on a narrow screen (display: none otherwise).
  const inUse = () => button.getClientRects().length > 0;

  setOpen(false);
  header.classList.add("menu-ready");
  button.addEventListener("click", () => setOpen(!isOpen()));
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !isOpen() || !inUse()) return;
    setOpen(false);
    button.focus();
  });
})();
