// Moments the server writes in UTC (templates/includes/local_time.html), shown
// in the reader's own time zone: a quiz taken at 21:14 in New York says 21:14,
// not 02:14 the next day.
(function () {
  "use strict";
  // Day, month, year as the rest of the site writes them (2 December 2026).
  const day = { day: "numeric", month: "long", year: "numeric" };
  const formats = {
    date: new Intl.DateTimeFormat("en-GB", day),
    moment: new Intl.DateTimeFormat("en-GB", {
      ...day, hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short",
    }),
  };
  document.querySelectorAll("time[data-local-time]").forEach((node) => {
    const moment = new Date(node.getAttribute("datetime"));
    if (Number.isNaN(moment.getTime())) return;
    const format = node.dataset.localTime === "date" ? formats.date : formats.moment;
    node.textContent = format.format(moment);
    node.title = node.getAttribute("datetime");
  });
})();
