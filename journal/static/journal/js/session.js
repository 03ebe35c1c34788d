// Guided session player: see templates/journal/session_player.html.
// Progressive enhancement: without this file the page is a checklist and a form.
(function () {
  "use strict";

  const player = document.querySelector("[data-player]");
  const items = player ? Array.from(player.querySelectorAll("[data-exercise]")) : [];
  if (!items.length) return;

  const status = document.querySelector("[data-player-status]");
  const form = document.querySelector("[data-finish-form]");
  const finishTitle = document.getElementById("finish-title");
  const clock = () => (window.performance && performance.now ? performance.now() : Date.now());
  const reducedMotion = () =>
    Boolean(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  const toInt = (value) => Math.max(0, parseInt(value, 10) || 0);
  let startedAt = null;

  function announce(message) {
    if (!status || !message) return;
    // A repeated message would not be read again: vary it invisibly.
    status.textContent = status.textContent === message ? message + "\u00a0" : message;
  }

  function make(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function makeButton(text, secondary) {
    const node = make("button", secondary ? "button-secondary" : "", text);
    node.type = "button";
    return node;
  }

  function focusHeading(heading) {
    if (!heading) return;
    if (!heading.hasAttribute("tabindex")) heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
    heading.scrollIntoView({ behavior: reducedMotion() ? "auto" : "smooth", block: "start" });
  }

  // Time comes from clock differences, so a throttled tab's late ticks do not drift.
  function Countdown(seconds, onTick, onDone) {
    let elapsed = 0;
    let since = 0;
    let timer = null;
    let last = seconds;
    const self = {
      seconds,
      get running() { return timer !== null; },
      get fresh() { return timer === null && elapsed === 0; },
      left() { return Math.max(0, seconds * 1000 - elapsed - (timer === null ? 0 : clock() - since)); },
      start() {
        if (timer !== null) return;
        since = clock();
        timer = setInterval(tick, 200);
      },
      pause() {
        if (timer === null) return;
        elapsed += clock() - since;
        clearInterval(timer);
        timer = null;
      },
      reset() { self.pause(); elapsed = 0; last = seconds; },
    };
    function tick() {
      const ms = self.left();
      const now = Math.ceil(ms / 1000);
      if (ms <= 0) { self.reset(); onDone(); return; }
      // Speak every 10 s and the last 3 s, not every second.
      if (now < last && (now <= 3 || Math.floor((last - 1) / 10) > Math.floor((now - 1) / 10))) {
        announce(now <= 3 ? String(now) : `${now} seconds left`);
      }
      last = now;
      onTick();
    }
    return self;
  }

  function setUp(li, index) {
    const data = li.dataset;
    const ex = {
      title: data.title || "This exercise",
      sets: toInt(data.sets) || 1,
      reps: toInt(data.reps),
      hold: toInt(data.hold),
      perSide: data.perSide === "true",
      rest: toInt(data.rest),
      set: 1,
      side: 0,
      count: 0,
      phase: "work", // work, rest, done or skipped
    };
    const controls = li.querySelector("[data-controls]");
    if (!controls) return;
    const heading = li.querySelector("h2");
    if (heading) heading.tabIndex = -1;
    const checkbox = form && (data.exerciseId
      ? form.querySelector(`input[name="exercises"][value="${window.CSS && CSS.escape ? CSS.escape(data.exerciseId) : data.exerciseId}"]`)
      : form.querySelectorAll('input[name="exercises"]')[index]);
    const sideName = () => (ex.side ? "left side" : "right side");
    const where = () => `Set ${ex.set} of ${ex.sets}` + (ex.perSide ? `, ${sideName()}` : "");

    controls.setAttribute("role", "group");
    controls.setAttribute("aria-label", `Player for ${ex.title}`);
    const progress = make("p", "player-where");
    const setText = make("span", "player-set");
    const sideText = make("span", "player-side");
    progress.append(setText, sideText);

    const work = make("div", "player-work");
    let repText, repMinus, holdText, holdBar, holdToggle, holdReset, hold;
    if (ex.reps) {
      const box = make("div", "player-box");
      repText = make("p", "player-count");
      const plus = makeButton("+1 rep");
      repMinus = makeButton("\u22121 rep", true);
      plus.addEventListener("click", () => { begin(); addRep(); });
      repMinus.addEventListener("click", () => {
        if (ex.phase !== "work" || !ex.count) return;
        ex.count -= 1;
        announce(`Rep ${ex.count} of ${ex.reps}.`);
        render();
      });
      const row = make("div", "button-group");
      row.append(plus, repMinus);
      box.append(repText, row);
      work.append(box);
    }
    if (ex.hold) {
      const box = make("div", "player-box");
      holdText = make("p", "player-time");
      holdBar = make("progress", "player-bar");
      holdBar.max = ex.hold;
      holdBar.setAttribute("aria-hidden", "true");
      holdToggle = makeButton("Start hold");
      holdReset = makeButton("Reset", true);
      hold = Countdown(ex.hold, render, holdDone);
      holdToggle.addEventListener("click", toggleHold);
      holdReset.addEventListener("click", () => {
        hold.reset();
        announce(`Hold reset to ${ex.hold} seconds.`);
        render();
      });
      const row = make("div", "button-group");
      row.append(holdToggle, holdReset);
      box.append(holdText, holdBar, row);
      work.append(box);
    }

    const resting = make("div", "player-rest player-box");
    const restText = make("p", "player-time");
    const restBar = make("progress", "player-bar");
    restBar.setAttribute("aria-hidden", "true");
    const rest = Countdown(ex.rest, render, () => endRest("Rest over."));
    restBar.max = ex.rest || 1;
    resting.append(restText, restBar);

    const outcome = make("p", "player-outcome");
    const actions = make("div", "button-group player-actions");
    const advance = makeButton("Set done", true);
    const skip = makeButton("Skip exercise", true);
    const last = index === items.length - 1;
    const next = makeButton(last ? "Go to the finish form" : "Next exercise", true);
    actions.append(advance, skip, next);
    controls.replaceChildren(progress, work, resting, outcome, actions);

    advance.addEventListener("click", () => {
      begin();
      if (ex.phase === "rest") endRest("Rest skipped.");
      else if (ex.phase === "work") finishSide("");
    });
    skip.addEventListener("click", () => {
      if (ex.phase === "skipped") {
        ex.phase = "work";
        if (checkbox) checkbox.checked = true;
        announce(`${ex.title} is back on and ticked in the form below. ${where()}.`);
      } else {
        stopTimers();
        ex.phase = "skipped";
        if (checkbox) checkbox.checked = false;
        announce(`${ex.title} skipped and unticked in the form below.`);
      }
      render();
    });
    next.addEventListener("click", () => {
      if (hold) hold.pause();
      if (ex.phase === "rest") { rest.reset(); ex.phase = "work"; }
      render();
      const target = items[index + 1];
      focusHeading(target ? target.querySelector("h2") : finishTitle);
    });

    function stopTimers() {
      if (hold) hold.reset();
      rest.reset();
    }

    function addRep() {
      if (ex.phase === "rest") endRest("Rest skipped.");
      if (ex.phase !== "work") return;
      ex.count += 1;
      if (ex.count >= ex.reps) finishSide(`Rep ${ex.count} of ${ex.reps}.`);
      else { announce(`Rep ${ex.count} of ${ex.reps}.`); render(); }
    }

    function toggleHold() {
      begin();
      if (ex.phase === "rest") endRest("Rest skipped.");
      if (ex.phase !== "work") return;
      const seconds = Math.ceil(hold.left() / 1000);
      if (hold.running) {
        hold.pause();
        announce(`Paused, ${seconds} seconds left.`);
      } else {
        const message = hold.fresh
          ? `Hold started: ${ex.hold} seconds` + (ex.perSide ? `, ${sideName()}.` : ".")
          : `Hold resumed, ${seconds} seconds left.`;
        hold.start();
        announce(message);
      }
      render();
    }

    function holdDone() {
      if (ex.reps) {
        // With reps as well, each completed hold counts as one rep.
        ex.count += 1;
        if (ex.count < ex.reps) {
          announce(`Hold complete. Rep ${ex.count} of ${ex.reps}.`);
          render();
          return;
        }
        finishSide(`Hold complete. Rep ${ex.count} of ${ex.reps}.`);
      } else {
        finishSide("Hold complete.");
      }
    }

    function finishSide(prefix) {
      if (hold) hold.reset();
      ex.count = 0;
      if (ex.perSide && ex.side === 0) {
        ex.side = 1;
        announce(`${prefix} Right side done. Switch to the left side.`.trim());
      } else if (ex.set < ex.sets) {
        const done = `${prefix} Set ${ex.set} of ${ex.sets} complete.`;
        ex.set += 1;
        ex.side = 0;
        if (ex.rest) {
          ex.phase = "rest";
          rest.reset();
          rest.start();
          announce(`${done} Rest ${ex.rest} seconds.`.trim());
        } else {
          announce(`${done} Next: ${where()}.`.trim());
        }
      } else {
        ex.phase = "done";
        if (checkbox) checkbox.checked = true;
        announce(`${prefix} ${ex.title} complete.`.trim());
      }
      render();
    }

    function endRest(prefix) {
      rest.reset();
      ex.phase = "work";
      announce(`${prefix} ${where()}.`);
      render();
    }

    function showTime(text, bar, countdown, label) {
      const ms = countdown.left();
      text.textContent = `${label}${Math.ceil(ms / 1000)} s left${countdown.running || countdown.fresh ? "" : " (paused)"}`;
      bar.value = countdown.seconds - ms / 1000;
    }

    function render() {
      const active = document.activeElement;
      const finished = ex.phase === "done" || ex.phase === "skipped";
      li.classList.toggle("is-done", ex.phase === "done");
      li.classList.toggle("is-skipped", ex.phase === "skipped");
      progress.hidden = finished;
      work.hidden = finished;
      setText.textContent = `${ex.phase === "rest" ? "Up next: " : ""}Set ${ex.set} of ${ex.sets}`;
      sideText.hidden = !ex.perSide;
      sideText.textContent = ex.side ? "Left side" : "Right side";
      if (repText) {
        repText.textContent = `Rep ${ex.count} of ${ex.reps}`;
        repMinus.disabled = !ex.count;
      }
      if (hold) {
        showTime(holdText, holdBar, hold, "");
        holdToggle.textContent = hold.running ? "Pause" : hold.fresh ? "Start hold" : "Resume";
      }
      resting.hidden = ex.phase !== "rest";
      if (ex.phase === "rest") showTime(restText, restBar, rest, "Rest: ");
      outcome.hidden = !finished;
      outcome.textContent = ex.phase === "done"
        ? `Exercise complete: all ${ex.sets} ${ex.sets === 1 ? "set" : "sets"} done. It stays ticked in the form below.`
        : "Skipped: unticked in the form below.";
      advance.hidden = finished;
      advance.textContent = ex.phase === "rest" ? "Skip rest"
        : ex.perSide && ex.side === 0 ? "Side done" : "Set done";
      skip.hidden = ex.phase === "done";
      skip.textContent = ex.phase === "skipped" ? "Undo skip" : "Skip exercise";
      // Never strand keyboard focus on a control that has just been hidden or disabled.
      if (active && controls.contains(active) && (active.disabled || active.closest("[hidden]"))) {
        (active === repMinus && !work.hidden ? work.querySelector("button") : next).focus();
      }
    }

    render();
    controls.hidden = false;
  }

  function begin() {
    if (startedAt === null) startedAt = Date.now();
  }

  items.forEach(setUp);
  if (finishTitle) finishTitle.tabIndex = -1;

  if (form) {
    form.addEventListener("submit", () => {
      const duration = form.querySelector('[name="duration_minutes"]');
      if (!duration || duration.value.trim() || startedAt === null) return;
      const minutes = Math.floor((Date.now() - startedAt) / 60000);
      duration.value = String(Math.min(600, Math.max(1, minutes)));
    });
  }
})();
