// Passkeys: allauth's webauthn.js reports a key the browser could not use (the
// person cancelled, no key matched, the browser has no passkey support) as an
// "allauth.error" event and otherwise only logs it. Say it on the page instead.
(function () {
  "use strict";
  document.addEventListener("allauth.error", (event) => {
    event.preventDefault();
    const main = document.getElementById("main");
    if (!main) return;
    let note = document.getElementById("webauthn-error");
    if (!note) {
      note = document.createElement("p");
      note.id = "webauthn-error";
      note.className = "message message-error";
      note.setAttribute("role", "alert");
      const heading = main.querySelector("h1");
      if (heading) heading.after(note);
      else main.prepend(note);
    }
    note.textContent =
      "Your browser could not use a passkey or security key (it was cancelled, " +
      "or no key was found). Try again, or choose another way.";
    note.scrollIntoView({ block: "center" });
  });
})();
