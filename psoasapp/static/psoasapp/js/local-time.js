// Moments the server writes in UTC (templates/includes/local_time.html), shown
// in the reader's own time zone: a quiz taken at 21:14 in New York says 21:14,
// not 02:14 the next day.
(function () {
  "use strict";
  const format = new Intl.DateTimeFormat(document.documentElement.lang || "en", {
    day: "numeric", month: "long", year: "numeric",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short",
  });
  document.querySelectorAll("time[data-local-time]").forEach((node) => {
    const moment = new Date(node.getAttribute("datetime"));
    if (Number.isNaN(moment.getTime())) return;
    node.textContent = format.format(moment);
    node.title = node.getAttribute("datetime");
  });
})();
