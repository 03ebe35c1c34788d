/* The month view's keyboard (journal/month.html): the days' links are one tab
   stop, and the arrow keys move between them (roving tabindex); Home and End
   go to the week's first and last day, Page Up and Page Down open the previous
   and next month. Without this script every day's link is its own tab stop. */
(function () {
  "use strict";
  var grid = document.getElementById("month-grid");
  if (!grid) return;
  var links = Array.prototype.slice.call(grid.querySelectorAll("a.month-link[data-date]"));
  if (!links.length) return;
  var byDate = {};
  links.forEach(function (link) { byDate[link.getAttribute("data-date")] = link; });

  function iso(date) {
    return date.toISOString().slice(0, 10);
  }
  function shifted(link, days) {
    var parts = link.getAttribute("data-date").split("-");
    var date = new Date(Date.UTC(+parts[0], +parts[1] - 1, +parts[2] + days));
    return byDate[iso(date)];
  }
  function weekEnd(link, last) {
    var cells = link.closest("tr").querySelectorAll("a.month-link[data-date]");
    return cells.length ? cells[last ? cells.length - 1 : 0] : null;
  }
  function makeCurrent(link, focus) {
    links.forEach(function (other) { other.setAttribute("tabindex", other === link ? "0" : "-1"); });
    if (focus) link.focus();
  }

  var today = grid.querySelector("td[aria-current='date'] a.month-link");
  makeCurrent(today || links[0], false);
  var hint = document.getElementById("month-keys");
  if (hint) hint.hidden = false;

  grid.addEventListener("focusin", function (event) {
    var link = event.target.closest && event.target.closest("a.month-link[data-date]");
    if (link) makeCurrent(link, false);
  });
  grid.addEventListener("keydown", function (event) {
    var link = event.target.closest && event.target.closest("a.month-link[data-date]");
    if (!link || event.altKey || event.ctrlKey || event.metaKey) return;
    var target = null;
    switch (event.key) {
      case "ArrowLeft": target = shifted(link, -1); break;
      case "ArrowRight": target = shifted(link, 1); break;
      case "ArrowUp": target = shifted(link, -7); break;
      case "ArrowDown": target = shifted(link, 7); break;
      case "Home": target = weekEnd(link, false); break;
      case "End": target = weekEnd(link, true); break;
      case "PageUp":
      case "PageDown": {
        var other = document.querySelector(
          "[data-month-key='" + (event.key === "PageUp" ? "previous" : "next") + "']"
        );
        event.preventDefault();
        if (other) window.location.assign(other.href + "#calendar");
        return;
      }
      default: return;
    }
    event.preventDefault();
    if (target) makeCurrent(target, true);
  });

  // Opened by Page Up or Page Down: keep the keyboard in the calendar. (The
  // mark names no element: a fragment that scrolled to the table would leave
  // the focus on the page's body.)
  if (window.location.hash === "#calendar") {
    makeCurrent(today || links[0], true);
  }
})();
