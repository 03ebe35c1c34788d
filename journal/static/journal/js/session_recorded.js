// The page a recorded session redirects to: the player's progress kept in the
// browser for that routine (journal/js/session.js) is done with.
(function () {
  "use strict";
  const marker = document.querySelector("[data-player-recorded]");
  if (!marker) return;
  try {
    window.localStorage.removeItem(`psoasapp.player.${marker.dataset.routine}`);
  } catch (error) {
    // Storage refused (private mode, quota): nothing was kept there.
  }
})();
