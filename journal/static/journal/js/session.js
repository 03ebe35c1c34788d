// Guided session player: see templates/journal/session_player.html.
// Progressive enhancement: without this file the page is a checklist and a form.
(function () {
  "use strict";

  const player = document.querySelector("[data-player]");
  const items = player ? Array.from(player.querySelectorAll("[data-exercise]")) : [];
  if (!items.length) return;

  const status = document.querySelector("[data-player-status]");
  const form = document.querySelector("[data-finish-form]");
  // A page sent back with errors shows the person's own field values: the
  // player restores its counts but leaves those fields as they are.
  const failedSubmit = Boolean(document.querySelector("[data-error-summary]"));
  // Progress is kept for this routine until the session is recorded (then
  // journal/js/session_recorded.js clears it), across a reload and across
  // midnight: a session started yesterday evening is still yesterday's (the
  // form's `day`). Progress older than that is not restored.
  const storageKey = `psoasapp.player.${player.dataset.routine || ""}`;
  const today = player.dataset.today || "";
  const saved = load();
  const startedDay = saved && saved.day ? saved.day : today;
  const dayField = form && form.querySelector("[data-player-day]");
  if (dayField) dayField.value = startedDay;
  const dayText = document.querySelector("[data-player-day-text]");
  if (dayText && startedDay !== today) {
    dayText.textContent = `the day you started it, yesterday (${startedDay})`;
  }
  const exercises = [];
  const plural = (count, one, many) => `${count} ${count === 1 ? one : many}`;
  const finishTitle = document.getElementById("finish-title");
  const clock = () => (window.performance && performance.now ? performance.now() : Date.now());
  const reducedMotion = () =>
    Boolean(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  const toInt = (value) => Math.max(0, parseInt(value, 10) || 0);
  let startedAt = saved && typeof saved.startedAt === "number" ? saved.startedAt : null;

  function load() {
    try {
      const value = JSON.parse(window.localStorage.getItem(storageKey) || "null");
      if (!value || typeof value !== "object") return null;
      const fresh = value.day === today || value.day === player.dataset.yesterday;
      return fresh ? value : null;
    } catch (error) {
      return null;
    }
  }

  let lastSaved = "";
  function save() {
    const value = JSON.stringify({
      day: startedDay,
      startedAt,
      exercises: exercises.map((item) => item.snapshot()),
    });
    showDuration();
    if (value === lastSaved) return;
    lastSaved = value;
    try {
      window.localStorage.setItem(storageKey, value);
    } catch (error) {
      // Storage refused (private mode, quota): the player still works.
    }
  }

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
      // Whole seconds held so far, for a hold stopped early.
      done() { return Math.floor((seconds * 1000 - self.left()) / 1000); },
      restore(ms) { self.reset(); elapsed = Math.min(Math.max(0, ms || 0), seconds * 1000 - 1); },
      get elapsedMs() { return seconds * 1000 - self.left(); },
    };
    function tick() {
      const ms = self.left();
      const now = Math.ceil(ms / 1000);
      if (ms <= 0) { self.reset(); onDone(); return; }
      // Speak every 10 s and the last 3 s, not every second.
      if (now < last && (now <= 3 || Math.floor((last - 1) / 10) > Math.floor((now - 1) / 10))) {
        announce(now <= 3 ? String(now) : `${now} seconds left`); // now > 3: plural
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
      // Per side ("right", "left", or "" when not per side): what each set
      // reached, in reps (or, for a hold alone, seconds held).
      done: {},
      touched: false, // the player was used for this exercise
    };
    // What one set asks for, in the unit counted: reps, or seconds of hold.
    const target = ex.reps || ex.hold;
    const sideKeys = ex.perSide ? ["right", "left"] : [""];
    sideKeys.forEach((key) => { ex.done[key] = []; });
    const controls = li.querySelector("[data-controls]");
    if (!controls) return;
    const heading = li.querySelector("h2");
    if (heading) heading.tabIndex = -1;
    const group = form && form.querySelector(`[data-dose-group][data-exercise-id="${data.exerciseId}"]`);
    const summary = group && group.querySelector("[data-dose-summary]");
    const field = (key, unit) => form && form.querySelector(
      `[name="dose_${data.exerciseId}${key ? "_" + key : ""}_${unit}"]`
    );
    const sideKey = () => (ex.perSide ? sideKeys[ex.side] : "");
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
        changed();
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
        announce(`Hold reset to ${plural(ex.hold, "second", "seconds")}.`);
        changed();
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
      begin();
      if (ex.phase === "skipped") {
        ex.phase = "work";
        announce(`${ex.title} is back on. ${where()}.`);
      } else {
        stopTimers();
        ex.phase = "skipped";
        announce(`${ex.title} skipped: the form below records 0 sets.`);
      }
      changed();
    });
    next.addEventListener("click", () => {
      if (hold) hold.pause();
      if (ex.phase === "rest") { rest.reset(); ex.phase = "work"; }
      // Moving on counts nothing: an unfinished set stays as far as it got.
      render();
      if (ex.touched) { fillForm(); describe(); }
      save();
      const target = items[index + 1];
      focusHeading(target ? target.querySelector("h2") : finishTitle);
    });

    function stopTimers() {
      if (hold) hold.reset();
      rest.reset();
    }

    // The reps (or seconds) of the set in progress, not yet finished.
    function inProgress() {
      if (ex.phase !== "work") return 0;
      return ex.reps ? ex.count : hold ? hold.done() : 0;
    }

    function addRep() {
      if (ex.phase === "rest") endRest("Rest skipped.");
      if (ex.phase !== "work") return;
      // With a hold of each rep, a rep counted by hand ends the hold in
      // progress: it is not counted again when the countdown ends.
      if (hold) hold.reset();
      ex.count += 1;
      if (ex.count >= ex.reps) finishSide(`Rep ${ex.count} of ${ex.reps}.`);
      else { announce(`Rep ${ex.count} of ${ex.reps}.`); changed(); }
    }

    function toggleHold() {
      begin();
      if (ex.phase === "rest") endRest("Rest skipped.");
      if (ex.phase !== "work") return;
      const seconds = Math.ceil(hold.left() / 1000);
      if (hold.running) {
        hold.pause();
        announce(`Paused, ${plural(seconds, "second", "seconds")} left.`);
      } else {
        const message = hold.fresh
          ? (ex.reps ? `Rep ${ex.count + 1} of ${ex.reps}, hold ` : "Hold ")
            + `started: ${plural(ex.hold, "second", "seconds")}` + (ex.perSide ? `, ${sideName()}.` : ".")
          : `Hold resumed, ${plural(seconds, "second", "seconds")} left.`;
        hold.start();
        announce(message);
      }
      changed();
    }

    function holdDone() {
      if (ex.reps) {
        // With reps as well, each completed hold counts as one rep.
        ex.count += 1;
        if (ex.count < ex.reps) {
          announce(`Hold complete. Rep ${ex.count} of ${ex.reps}.`);
          changed();
          return;
        }
        finishSide(`Hold complete. Rep ${ex.count} of ${ex.reps}.`);
      } else {
        ex.count = ex.hold;
        finishSide("Hold complete.");
      }
    }

    // The set ends on this side: at the count reached, which is less than
    // the set asked for when "Set done" comes early.
    function finishSide(prefix) {
      const reached = ex.reps ? ex.count : ex.count || (hold ? hold.done() : 0);
      ex.done[sideKey()].push(reached);
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
          announce(`${done} Rest ${plural(ex.rest, "second", "seconds")}.`.trim());
        } else {
          announce(`${done} Next: ${where()}.`.trim());
        }
      } else {
        ex.phase = "done";
        announce(`${prefix} ${ex.title} complete.`.trim());
      }
      changed();
    }

    function endRest(prefix) {
      rest.reset();
      ex.phase = "work";
      announce(`${prefix} ${where()}.`);
      changed();
    }

    // Per side: what goes in the form, and the same in words.
    function tally(key) {
      const reached = ex.done[key].slice();
      const current = inProgress();
      const currentHere = current > 0 && sideKey() === key;
      const full = reached.filter((amount) => amount >= target).length;
      const partial = reached.filter((amount) => amount > 0 && amount < target);
      if (currentHere) partial.push(current);
      let sets = full;
      let amount = target;
      if (!full && partial.length) {
        // Only unfinished sets: the best of them, as one set of what it reached.
        sets = 1;
        amount = Math.max(...partial);
      }
      return { full, partial, sets: ex.phase === "skipped" ? 0 : sets, amount };
    }

    const unit = (amount) => (ex.reps
      ? plural(amount, "rep", "reps") + (ex.hold ? `, holding ${ex.hold} s` : "")
      : `${amount} s hold`);

    function words(key) {
      const { full, partial } = tally(key);
      const label = key ? (key === "right" ? "Right side: " : "Left side: ") : "";
      if (!full && !partial.length) return `${label}nothing counted yet.`;
      if (!full) {
        const best = Math.max(...partial);
        return `${label}${plural(1, "set", "sets")} × ${unit(best)}, unfinished (${best} of ${target}).`;
      }
      let text = `${label}${plural(full, "set", "sets")} × ${unit(target)}`;
      if (partial.length) {
        text += `, then ${unit(partial[partial.length - 1])} of set ${full + 1} (unfinished, not counted)`;
      }
      return `${text}.`;
    }

    function fillForm() {
      sideKeys.forEach((key) => {
        const { sets, amount } = tally(key);
        const setsField = field(key, "sets");
        if (setsField) setsField.value = String(sets);
        const repsField = field(key, "reps");
        if (repsField && sets) repsField.value = String(ex.reps ? amount : repsField.value);
        const holdField = field(key, "hold");
        if (holdField && sets) holdField.value = String(ex.reps ? ex.hold : amount);
      });
    }

    function describe() {
      if (!summary) return;
      summary.hidden = !ex.touched && startedAt === null;
      summary.textContent = ex.phase === "skipped"
        ? "Skipped in the player: 0 sets recorded."
        : !ex.touched ? "Not started in the player: 0 sets recorded."
          : sideKeys.map(words).join(" ");
    }

    // The player moved: keep it, and let the form say what was done.
    function changed() {
      ex.touched = true;
      render();
      fillForm();
      describe();
      save();
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
        // With reps, the hold is each rep's: the button says which rep.
        showTime(holdText, holdBar, hold, ex.reps ? "Hold: " : "");
        holdToggle.textContent = hold.running ? "Pause"
          : !hold.fresh ? "Resume"
            : ex.reps ? `Hold rep ${Math.min(ex.count + 1, ex.reps)}` : "Start hold";
      }
      resting.hidden = ex.phase !== "rest";
      if (ex.phase === "rest") showTime(restText, restBar, rest, "Rest: ");
      outcome.hidden = !finished;
      outcome.textContent = ex.phase === "done"
        ? `Exercise complete: ${ex.sets === 1 ? "the set is" : `all ${ex.sets} sets are`} done. The form below records it.`
        : "Skipped: the form below records 0 sets.";
      advance.hidden = finished;
      advance.textContent = ex.phase === "rest" ? "Skip rest"
        : ex.perSide && ex.side === 0 ? "Side done" : "Set done";
      skip.hidden = ex.phase === "done";
      skip.textContent = ex.phase === "skipped" ? "Undo skip" : "Skip exercise";
      // Never strand keyboard focus on a control that has just been hidden or disabled.
      if (active && controls.contains(active) && (active.disabled || active.closest("[hidden]"))) {
        (active === repMinus && !work.hidden ? work.querySelector("button") : next).focus();
      }
      if (hold && hold.running) save();
    }

    const self = {
      snapshot() {
        return {
          id: data.exerciseId, set: ex.set, side: ex.side, count: ex.count,
          // A rest in progress comes back as the next set, ready to start.
          phase: ex.phase === "rest" ? "work" : ex.phase,
          done: ex.done, touched: ex.touched, holdMs: hold ? hold.elapsedMs : 0,
        };
      },
      restore(state) {
        if (!state || state.id !== data.exerciseId) return;
        ex.set = Math.min(ex.sets, Math.max(1, toInt(state.set) || 1));
        ex.side = ex.perSide && state.side === 1 ? 1 : 0;
        ex.count = Math.min(toInt(state.count), Math.max(0, (ex.reps || 1) - 1));
        ex.phase = ["work", "done", "skipped"].includes(state.phase) ? state.phase : "work";
        sideKeys.forEach((key) => {
          const list = state.done && Array.isArray(state.done[key]) ? state.done[key] : [];
          ex.done[key] = list.slice(0, ex.sets).map(toInt);
        });
        ex.touched = Boolean(state.touched);
        // Timers come back paused, where they were.
        if (hold && ex.phase === "work") hold.restore(toInt(state.holdMs));
      },
      // After a start or a restore: fill the form (unless the page holds the
      // person's own values sent back with errors) and say what was done.
      refresh(fill) {
        render();
        if (fill) fillForm();
        describe();
      },
    };
    exercises.push(self);
    render();
    controls.hidden = false;
  }

  // The first use of the player: from now on the form records what the player
  // counted (before it, the fields hold the suggested dose, as without
  // JavaScript), so an exercise never started counts 0 sets.
  function begin() {
    if (startedAt !== null) return;
    startedAt = Date.now();
    exercises.forEach((item) => item.refresh(true));
  }

  items.forEach(setUp);
  if (saved && Array.isArray(saved.exercises)) {
    exercises.forEach((item, index) => item.restore(saved.exercises[index]));
  }
  exercises.forEach((item) => item.refresh(startedAt !== null && !failedSubmit));
  if (finishTitle) finishTitle.tabIndex = -1;

  // The duration, from the first button pressed, is written into the form as
  // the session goes (at each step, every half minute and when the form is
  // sent), where the person sees it and can change it; once they type in the
  // field it is theirs.
  if (form) {
    window.setInterval(showDuration, 30000);
    form.addEventListener("submit", showDuration);
  }
  function showDuration() {
    const duration = form && form.querySelector('[name="duration_minutes"]');
    if (!duration || startedAt === null || failedSubmit) return;
    if (duration.value.trim() && duration.dataset.playerFilled !== duration.value) return;
    const minutes = Math.floor((Date.now() - startedAt) / 60000);
    duration.value = String(Math.min(600, Math.max(1, minutes)));
    duration.dataset.playerFilled = duration.value;
  }
})();
