// Time zones: the browser's own zone and date for a person whose zone the site
// does not know yet, and a search box for the Plan settings' zone picker.
// Everything here is an enhancement: without it the server's defaults apply.
(function () {
  "use strict";

  function browserZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (error) {
      return "";
    }
  }

  function pad(number) {
    return String(number).padStart(2, "0");
  }

  // The browser's local date as an <input type="date"> writes it.
  function localDate() {
    const now = new Date();
    return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  }

  const zone = browserZone();

  // Sign-up and the journal's forms that create entries carry the zone in a
  // hidden input: while the account has none, the server adopts it.
  if (zone) {
    document.querySelectorAll("input[data-browser-time-zone]").forEach((input) => {
      input.value = zone;
    });
  }

  // A page whose times follow the plan's zone says so when this device's
  // clock is elsewhere (data-zone-mismatch holds the plan's zone). Names are
  // not compared: a browser may call Asia/Kolkata "Asia/Calcutta". Wall
  // clocks are, now and through the coming year's summer and winter times.
  function wallClock(instant, timeZone) {
    return new Intl.DateTimeFormat("en-GB", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).format(instant);
  }

  function sameClock(planZone) {
    const day = 24 * 60 * 60 * 1000;
    const now = Date.now();
    try {
      return [0, 91, 182, 273].every((days) => {
        const instant = new Date(now + days * day);
        return wallClock(instant, planZone) === wallClock(instant, undefined);
      });
    } catch (error) {
      // A zone this browser does not know: say nothing rather than guess.
      return true;
    }
  }

  if (zone) {
    document.querySelectorAll("[data-zone-mismatch]").forEach((notice) => {
      if (sameClock(notice.dataset.zoneMismatch)) return;
      notice.querySelectorAll("[data-device-zone]").forEach((place) => {
        place.textContent = zone.replace(/_/g, " ");
      });
      notice.hidden = false;
    });
  }

  // Until the zone is known, a new entry's date defaults to the browser's own
  // day, not the server's: only while the field still holds the server's
  // default (data-server-today), never over a date the person chose.
  if (document.querySelector("[data-time-zone-unknown]")) {
    const today = localDate();
    document.querySelectorAll("input[data-server-today]").forEach((input) => {
      if (input.value !== input.dataset.serverToday) return;
      input.value = today;
      if (input.max && input.max < today) input.max = today;
    });
  }

  // The zone picker: a text box that narrows the list, by place or region.
  // The select alone still works; the filter rebuilds its options from a copy.
  document.querySelectorAll("select[data-zone-filter]").forEach((select, index) => {
    if (select.hasAttribute("data-zone-unknown") && zone) {
      const option = Array.from(select.options).find((item) => item.value === zone);
      if (option) option.selected = true;
    }
    const groups = Array.from(select.children).map((child) => ({
      label: child.tagName === "OPTGROUP" ? child.label : "",
      options: Array.from(child.tagName === "OPTGROUP" ? child.children : [child]).map(
        (option) => ({ value: option.value, text: option.textContent }),
      ),
    }));
    const id = `${select.id || "zone"}-filter-${index}`;
    const wrapper = document.createElement("div");
    wrapper.className = "zone-filter";
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = "Search time zones";
    const hint = document.createElement("p");
    hint.className = "helptext";
    hint.id = `${id}-hint`;
    hint.textContent = "Type a city or region, such as Paris or America, to narrow the list below.";
    const input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    input.setAttribute("aria-describedby", hint.id);
    input.setAttribute("aria-controls", select.id);
    const status = document.createElement("p");
    status.className = "meta";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    wrapper.append(label, hint, input, status);
    const field = select.closest("div") || select;
    field.parentNode.insertBefore(wrapper, field);

    function words(text) {
      return text.toLowerCase().replace(/[_/]/g, " ");
    }

    input.addEventListener("input", () => {
      const terms = words(input.value).split(/\s+/).filter(Boolean);
      const chosen = select.value;
      let shown = 0;
      select.replaceChildren();
      groups.forEach((group) => {
        const matches = group.options.filter((option) => {
          // Each term starts a word of the place or region: "pago" finds Pago
          // Pago, not Galapagos.
          const haystack = words(`${group.label} ${option.text} ${option.value}`).split(/[\s()]+/);
          return option.value === chosen ||
            terms.every((term) => haystack.some((word) => word.startsWith(term)));
        });
        if (!matches.length) return;
        const parent = group.label ? document.createElement("optgroup") : select;
        if (group.label) parent.label = group.label;
        matches.forEach((match) => {
          const option = new Option(match.text, match.value, false, match.value === chosen);
          parent.append(option);
          if (match.value !== chosen) shown += 1;
        });
        if (parent !== select) select.append(parent);
      });
      if (!terms.length) {
        status.textContent = "";
      } else if (shown === 0) {
        status.textContent = "No other time zone matches. Try the name of a nearby city.";
      } else {
        status.textContent = shown === 1 ? "1 time zone matches." : `${shown} time zones match.`;
      }
    });
  });
})();
