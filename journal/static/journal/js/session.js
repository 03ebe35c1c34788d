// Guided session player: see templates/journal/session_player.html.
// Progressive enhancement: without this file the page is a checklist and a form.
//
// Hands-free: once a hold is started, what the timers start carries on by
// itself (the next held rep, the other side after a get-ready, the rest, the
// next set) with tones and spoken cues; anything pressed by hand (+1 rep, Set
// done, Skip rest, Reset) stops that chain, and the person goes on from there.
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
  // Not under "psoasapp.player." so no routine's slug can meet it; kept only
  // while muted, for every routine.
  const mutedKey = "psoasapp.player-muted";
  const today = player.dataset.today || "";
  const saved = load();
  const startedDay = saved && saved.day ? saved.day : today;
  const dayField = form && form.querySelector("[data-player-day]");
  if (dayField) dayField.value = startedDay;
  const dayText = document.querySelector("[data-player-day-text]");
  if (dayText && startedDay !== today) {
    dayText.textContent = `the day you started it, yesterday, ${player.dataset.yesterdayText}`;
  }
  // The notice of a session already recorded is for the day this one will be
  // recorded for: yesterday's for a session begun before midnight.
  document.querySelectorAll("[data-recorded-notice]").forEach((notice) => {
    notice.hidden = notice.dataset.recordedNotice !== (startedDay === today ? "today" : "yesterday");
  });
  const exercises = [];
  const plural = (count, one, many) => `${count} ${count === 1 ? one : many}`;
  const finishTitle = document.getElementById("finish-title");
  const clock = () => (window.performance && performance.now ? performance.now() : Date.now());
  const reducedMotion = () =>
    Boolean(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  const toInt = (value) => Math.max(0, parseInt(value, 10) || 0);
  let startedAt = saved && typeof saved.startedAt === "number" ? saved.startedAt : null;
  let current = saved ? Math.min(items.length - 1, toInt(saved.current)) : 0;

  // Seconds of the get-ready countdown before an exercise's first hold (and
  // before a set that follows without a rest), and before the other side,
  // which takes longer to change into (kneeling on the other knee, say);
  // seconds between held reps, to come back to the start.
  const GET_READY = 5;
  const SWITCH_READY = 10;
  const REP_GAP = 3;
  // The tones, in hertz: a higher one starts a hold or a rest, a lower one
  // ends it; short quieter ticks count down the last 3 seconds before a hold.
  const TONES = { start: 880, end: 440, tick: 660 };
  const TICK = { gain: 0.12, length: 0.08 };

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
      current,
      exercises: exercises.map((item) => item.snapshot()),
    });
    showDuration();
    syncWake();
    // Nothing kept until the player is first used (begin).
    if (value === lastSaved || startedAt === null) return;
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

  // Sound: tones by Web Audio, words by speech synthesis, both where the
  // browser has them and neither while muted. Browsers start audio only after
  // a press, so the context is made (or resumed) on the first button pressed.
  let muted = false;
  try {
    muted = window.localStorage.getItem(mutedKey) === "1";
  } catch (error) {
    // Storage refused: sound is on.
  }
  let audio = null;
  function unlockAudio() {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    try {
      if (!audio) audio = new Context();
      if (audio.state === "suspended" && audio.resume) {
        Promise.resolve(audio.resume()).catch(() => {});
      }
    } catch (error) {
      audio = null;
    }
  }
  // `delay` in seconds: a start straight after an end is heard as two tones.
  function tone(kind, delay) {
    if (muted || !audio) return;
    try {
      const at = audio.currentTime + (delay || 0);
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      const tick = kind === "tick";
      const length = tick ? TICK.length : 0.2;
      oscillator.type = "sine";
      oscillator.frequency.value = TONES[kind];
      // A short swell and fade: no click at either end.
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(tick ? TICK.gain : 0.3, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + length);
      oscillator.connect(gain);
      gain.connect(audio.destination);
      oscillator.start(at);
      oscillator.stop(at + length + 0.02);
    } catch (error) {
      // No sound: the page and the live region still say it.
    }
  }
  function say(text) {
    const speech = window.speechSynthesis;
    if (muted || !speech || !window.SpeechSynthesisUtterance) return;
    try {
      // The latest cue matters: one still waiting would come too late.
      speech.cancel();
      speech.speak(new window.SpeechSynthesisUtterance(text));
    } catch (error) {
      // No speech: the tones and the live region remain.
    }
  }

  // The screen stays on while a timer runs (get-ready, hold, rest), where the
  // browser has the Screen Wake Lock API; it is let go when nothing runs or
  // the page is hidden (the browser drops it then anyway), and asked for again
  // when the page comes back while a timer runs.
  let wakeLock = null;
  let wakePending = false;
  const running = () => exercises.some((item) => item.running());
  function syncWake() {
    const api = navigator.wakeLock;
    if (!running()) { releaseWake(); return; }
    if (!api || wakeLock || wakePending || document.visibilityState !== "visible") return;
    wakePending = true;
    Promise.resolve()
      .then(() => api.request("screen"))
      .then((lock) => {
        wakePending = false;
        wakeLock = lock || null;
        if (lock && lock.addEventListener) {
          lock.addEventListener("release", () => { if (wakeLock === lock) wakeLock = null; });
        }
        if (!running()) releaseWake();
      }, () => { wakePending = false; });
  }
  function releaseWake() {
    const lock = wakeLock;
    wakeLock = null;
    if (lock && !lock.released) Promise.resolve().then(() => lock.release()).catch(() => {});
  }
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") syncWake();
    else releaseWake();
  });

  // The figures (exercises/js/figure-motion.js), looked up at each call: the
  // player works the same without them.
  function figure(root, method, ...args) {
    const figures = window.PsoasFigures;
    if (!root || !figures || typeof figures[method] !== "function") return;
    try {
      figures[method](root, ...args);
    } catch (error) {
      // A figure that fails stands still; the session goes on.
    }
  }
  // Under reduced motion the figure stands still in its pose (a change of
  // side still mirrors it, by `show`): no move is asked for.
  function move(root, pose, ms) {
    if (!reducedMotion()) figure(root, "moveTo", pose, ms);
  }

  function make(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // A button whose meaning changes once pressed (Start hold becomes Pause,
  // Side done becomes Set done, Next exercise brings another exercise's
  // buttons under the finger): the second click of a double tap or double
  // click (event.detail 2) is ignored. A key press has detail 0. "+1 rep" is
  // not one of these: people tap it fast.
  function onPress(button, handler) {
    button.addEventListener("click", (event) => {
      if (event.detail > 1) return;
      handler(event);
    });
  }

  function makeButton(text, secondary) {
    const node = make("button", secondary ? "button-secondary" : "", text);
    node.type = "button";
    return node;
  }

  // A big number under its small label ("Rest: " over "20 s left"): on a
  // 320 px phone the whole would not fit on one line at that size.
  function bigTime(node, label, value) {
    if (!label) { node.textContent = value; return; }
    node.replaceChildren(make("span", "player-time-label", label), make("span", "player-time-value", value));
  }

  function focusHeading(heading) {
    if (!heading) return;
    if (!heading.hasAttribute("tabindex")) heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
    heading.scrollIntoView({ behavior: reducedMotion() ? "auto" : "smooth", block: "start" });
  }

  // Time comes from clock differences, so a throttled tab's late ticks do not drift.
  // `options.quiet()`: no "3", "2", "1" in the live region (the gap between
  // held reps, a short hold); `options.warn()`: a tick tone at 3, 2 and 1 (a
  // countdown that a hold follows).
  function Countdown(seconds, onTick, onDone, options) {
    const { quiet = () => false, warn = () => false } = options || {};
    let elapsed = 0;
    let since = 0;
    let timer = null;
    let last = seconds;
    const self = {
      get seconds() { return seconds; },
      // A new length (the get-ready before the other side is longer): reset.
      resize(value) { self.reset(); seconds = value; last = value; },
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
      restore(ms) {
        self.reset();
        elapsed = Math.min(Math.max(0, ms || 0), seconds * 1000 - 1);
        last = Math.ceil(self.left() / 1000);
      },
      get elapsedMs() { return Math.round(seconds * 1000 - self.left()); },
    };
    function tick() {
      const ms = self.left();
      const now = Math.ceil(ms / 1000);
      if (ms <= 0) { self.reset(); onDone(); return; }
      // Speak every 10 s and the last 3 s, not every second.
      if (!quiet() && now < last && (now <= 3 || Math.floor((last - 1) / 10) > Math.floor((now - 1) / 10))) {
        announce(now <= 3 ? String(now) : `${now} seconds left`); // now > 3: plural
      }
      if (now < last && now <= 3 && warn()) tone("tick");
      last = now;
      onTick();
    }
    return self;
  }

  // The whole routine, reachable from any exercise: on a phone the player
  // shows one exercise at a time (session.css), and this list moves between them.
  const nav = make("details", "player-nav");
  const navSummary = make("summary", "player-nav-summary");
  const navList = make("ol", "player-nav-list");
  const navLabel = make("h2", "player-nav-title", "Exercises in this routine");
  navLabel.id = "player-nav-title";
  const navBody = make("nav", "player-nav-body");
  navBody.setAttribute("aria-labelledby", navLabel.id);
  navBody.append(navLabel, navList);
  nav.append(navSummary, navBody);
  const navButtons = items.map((li, index) => {
    const button = makeButton("", true);
    button.addEventListener("click", () => show(index, true));
    const row = make("li");
    row.append(button);
    navList.append(row);
    return button;
  });
  if (finishTitle) {
    const row = make("li");
    const link = make("a", "player-nav-finish", "Finish and record the session");
    link.href = `#${finishTitle.id}`;
    link.addEventListener("click", (event) => {
      event.preventDefault();
      focusHeading(finishTitle);
    });
    row.append(link);
    navList.append(row);
  }
  // One switch for the whole session, kept for every routine.
  const mute = makeButton("Mute sound", true);
  mute.classList.add("player-mute");
  mute.setAttribute("aria-pressed", String(muted));
  mute.addEventListener("click", () => {
    muted = !muted;
    mute.setAttribute("aria-pressed", String(muted));
    try {
      if (muted) window.localStorage.setItem(mutedKey, "1");
      else window.localStorage.removeItem(mutedKey);
    } catch (error) {
      // Not remembered; muted for this page all the same.
    }
    if (muted && window.speechSynthesis) {
      try { window.speechSynthesis.cancel(); } catch (error) { /* nothing to stop */ }
    }
    announce(muted ? "Sound muted." : "Sound on.");
  });
  // Screen readers are their own voice: the switch leaves them be.
  const muteNote = make("p", "visually-hidden", "Silences the tones and spoken cues, not a screen reader.");
  muteNote.id = "player-mute-note";
  mute.setAttribute("aria-describedby", muteNote.id);
  const sound = make("div", "player-sound");
  sound.append(mute, muteNote);
  const list = player.querySelector(".player-exercises");
  const panel = make("div", "player-panel");
  panel.append(nav, sound);
  player.insertBefore(panel, list);
  player.classList.add("is-enhanced");
  // Wide screens have room for the list beside the exercise: open there.
  if (window.matchMedia && window.matchMedia("(min-width: 60rem)").matches) nav.open = true;

  function show(index, focus) {
    const changedExercise = index !== current;
    if (changedExercise && exercises[current]) exercises[current].leave();
    current = Math.max(0, Math.min(items.length - 1, index));
    items.forEach((li, i) => li.classList.toggle("is-current", i === current));
    describeNav();
    save();
    if (focus) focusHeading(items[current].querySelector("h2"));
  }

  function describeNav() {
    const title = (li) => li.dataset.title || "This exercise";
    navSummary.textContent = `Exercise ${current + 1} of ${items.length}: ${title(items[current])}`;
    navButtons.forEach((button, i) => {
      const state = exercises[i] ? exercises[i].state() : "";
      button.textContent = `${i + 1}. ${title(items[i])}`
        + (state === "done" ? " (done)" : state === "skipped" ? " (skipped)" : "");
      if (i === current) button.setAttribute("aria-current", "step");
      else button.removeAttribute("aria-current");
    });
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
      // Within work: "ready" (the get-ready countdown), "gap" (between held
      // reps), or "" (the hold itself, or nothing timed).
      stage: "",
      // What runs now was started by a timer ending: the next step starts by itself.
      auto: false,
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
    const drawing = li.querySelector("[data-figure]");
    const lastPose = () => Math.max(0, toInt(drawing && drawing.dataset.poses) - 1);
    const group = form && form.querySelector(`[data-dose-group][data-exercise-id="${data.exerciseId}"]`);
    const summary = group && group.querySelector("[data-dose-summary]");
    const field = (key, unit) => form && form.querySelector(
      `[name="dose_${data.exerciseId}${key ? "_" + key : ""}_${unit}"]`
    );
    const sideKey = () => (ex.perSide ? sideKeys[ex.side] : "");
    // A side named by one limb is "right side"; one that works an arm and the
    // other leg (the bird dog) takes its drawing's words, as its caption does.
    const sideWords = [
      (drawing && drawing.dataset.sideRight) || "right side",
      (drawing && drawing.dataset.sideLeft) || "left side",
    ];
    const named = Boolean(drawing && drawing.dataset.sideRight);
    const sideName = (side = ex.side) => sideWords[side ? 1 : 0];
    const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);
    // Reps each held (whatever the hold's length) are announced at each rep's
    // start only: a countdown and an end for each would leave a screen reader
    // far behind the clock.
    const heldReps = Boolean(ex.reps && ex.hold);
    const where = () => `Set ${ex.set} of ${ex.sets}` + (ex.perSide ? `, ${sideName()}` : "");
    const lastSet = () => ex.sets > 1 && ex.set === ex.sets;
    // Spoken before a set after the first: which one comes.
    const setWords = () => (lastSet() ? "Last set." : `Set ${ex.set} of ${ex.sets}.`);

    controls.setAttribute("role", "group");
    controls.setAttribute("aria-label", `Player for ${ex.title}`);
    const progress = make("p", "player-where");
    const setText = make("span", "player-set");
    const sideText = make("span", "player-side");
    progress.append(setText, sideText);

    // The get-ready countdown and the gap between held reps: the big number
    // while they run.
    const readyBox = make("div", "player-ready player-box");
    const readyText = make("p", "player-time");
    readyBox.append(readyText);
    const ready = Countdown(GET_READY, render, readyDone, { warn: () => true });
    const gap = ex.reps && ex.hold
      ? Countdown(REP_GAP, render, gapDone, { quiet: () => true }) : null;
    // The get-ready's length: longer before the other side.
    const readySeconds = () => (ex.perSide && ex.side === 1 && !ex.count ? SWITCH_READY : GET_READY);

    // Reps each held: on a phone the count is a line, the hold the big number.
    const work = make("div", ex.reps && ex.hold ? "player-work is-held-reps" : "player-work");
    let repText, repMinus, holdText, holdBar, holdReset, hold;
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
      holdReset = makeButton("Reset", true);
      hold = Countdown(ex.hold, render, holdDone, { quiet: () => heldReps });
      holdReset.addEventListener("click", () => {
        stopChain();
        announce(`Hold reset to ${plural(ex.hold, "second", "seconds")}.`);
        changed();
      });
      box.append(holdText, holdBar);
      work.append(box);
    }

    const resting = make("div", "player-rest player-box");
    const restText = make("p", "player-time");
    const restBar = make("progress", "player-bar");
    restBar.setAttribute("aria-hidden", "true");
    // A rest that a hold follows by itself ticks before it ends.
    const rest = Countdown(ex.rest, render, () => endRest("Rest over.", ex.auto), {
      warn: () => ex.auto && Boolean(hold),
    });
    restBar.max = ex.rest || 1;
    resting.append(restText, restBar);

    // One button starts, pauses and resumes whatever is timed now: it keeps
    // focus as its name changes (Start hold, Pause, Resume).
    const toggle = makeButton("Start hold");
    toggle.classList.add("player-toggle");
    onPress(toggle, toggleTimer);
    const main = make("div", "button-group player-main");
    main.append(toggle);
    if (holdReset) main.append(holdReset);

    const outcome = make("p", "player-outcome");
    const actions = make("div", "button-group player-actions");
    const advance = makeButton("Set done", true);
    const skip = makeButton("Skip exercise", true);
    const first = index === 0;
    const last = index === items.length - 1;
    const previous = makeButton("Previous exercise", true);
    previous.hidden = first;
    const next = makeButton(last ? "Go to the finish form" : "Next exercise", true);
    actions.append(advance, skip);
    const moves = make("div", "button-group player-moves");
    moves.append(previous, next);
    controls.replaceChildren(progress, readyBox, work, resting, main, outcome, actions, moves);

    onPress(advance, () => {
      begin();
      if (ex.phase === "rest") endRest("Rest skipped.", false);
      else if (ex.phase === "work") {
        // What was held counts: read before the chain stops, which resets the hold.
        if (!ex.reps && hold) ex.count = hold.done();
        stopChain();
        finishSide("", false);
      }
    });
    onPress(skip, () => {
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
    // Moving on or back shows the other exercise and puts focus on its
    // heading: the screen changed, and the heading says to what.
    onPress(next, () => {
      if (items[index + 1]) show(index + 1, true);
      else { leave(); save(); focusHeading(finishTitle); }
    });
    onPress(previous, () => show(index - 1, true));
    // Using an exercise's controls makes it the current one.
    // (On a wide screen every exercise shows; one left this way keeps running.)
    li.addEventListener("focusin", () => {
      if (current === index) return;
      current = index;
      show(index, false);
    });

    // The steps, collapsed to the one in view; the others in a disclosure.
    const steps = Array.from(li.querySelectorAll(".steps > li"));
    let stepIndex = 0;
    let stepNow = null;
    let stepText = null;
    let stepBack = null;
    let stepOn = null;
    const stepsList = li.querySelector(".steps");
    if (steps.length > 1 && stepsList) {
      stepNow = make("div", "player-step-now");
      stepText = make("p", "player-step-text");
      stepText.setAttribute("aria-live", "off");
      stepBack = makeButton("Previous step", true);
      stepOn = makeButton("Next step", true);
      stepBack.addEventListener("click", () => moveStep(-1));
      stepOn.addEventListener("click", () => moveStep(1));
      const row = make("div", "button-group");
      row.append(stepBack, stepOn);
      stepNow.append(stepText, row);
      const all = make("details", "player-steps");
      all.append(make("summary", "", `All ${steps.length} steps`));
      stepsList.replaceWith(all);
      all.append(stepsList);
      all.before(stepNow);
      showStep();
    }
    function moveStep(by) {
      stepIndex = Math.max(0, Math.min(steps.length - 1, stepIndex + by));
      showStep();
      // Focus stays on the button pressed, unless it has just been disabled.
      const active = document.activeElement;
      if (active && active.disabled) (active === stepBack ? stepOn : stepBack).focus();
    }
    function showStep() {
      if (!stepText) return;
      stepText.replaceChildren(
        make("span", "player-step-label", `Step ${stepIndex + 1} of ${steps.length}: `),
        ...Array.from(steps[stepIndex].childNodes).map((node) => node.cloneNode(true)),
      );
      stepBack.disabled = stepIndex === 0;
      stepOn.disabled = stepIndex === steps.length - 1;
    }
    // The controls come straight after the dose (and the figure), before the
    // how-to, so that on a phone the timer is on the first screen.
    const anchor = li.querySelector(".dose");
    if (anchor) anchor.after(controls);

    function stopTimers() {
      if (hold) hold.reset();
      if (gap) gap.reset();
      ready.reset();
      rest.reset();
      ex.stage = "";
      ex.auto = false;
      figure(drawing, "stop");
    }

    // A press by hand: what the timers would have started next does not start.
    function stopChain() {
      if (hold) hold.reset();
      if (gap) gap.reset();
      ready.reset();
      ex.stage = "";
      ex.auto = false;
    }

    // Leaving for another exercise: its timers pause where they are (a rest
    // ends: the next set waits, ready to start).
    function leave() {
      if (hold) hold.pause();
      if (gap) gap.reset();
      ready.reset();
      ex.stage = "";
      if (ex.phase === "rest") { rest.reset(); ex.phase = "work"; ex.auto = false; }
      figure(drawing, "stop");
      render();
      if (ex.touched) { fillForm(); describe(); }
    }

    // The timer that the main button works: the rest, the get-ready, the gap
    // or the hold, in that order.
    function timed() {
      if (ex.phase === "rest") return rest;
      if (ex.phase !== "work") return null;
      if (ex.stage === "ready") return ready;
      if (ex.stage === "gap") return gap;
      return hold || null;
    }

    // A get-ready, a gap or a rest is under way once there, even paused at
    // its first millisecond; a hold, once some of it has gone.
    const resumable = (timer) => timer !== hold || !timer.fresh;

    // The reps (or seconds) of the set in progress, not yet finished.
    function inProgress() {
      if (ex.phase !== "work") return 0;
      return ex.reps ? ex.count : hold ? hold.done() : 0;
    }

    function addRep() {
      if (ex.phase === "rest") endRest("Rest skipped.", false);
      if (ex.phase !== "work") return;
      // With a hold of each rep, a rep counted by hand ends the hold in
      // progress: it is not counted again when the countdown ends.
      stopChain();
      ex.count += 1;
      if (!ex.hold) {
        // A rep counted: the figure goes through it once.
        move(drawing, lastPose(), 1000);
        setTimeout(() => move(drawing, 0, 1000), 1000);
      }
      if (ex.count >= ex.reps) finishSide(`Rep ${ex.count} of ${ex.reps}.`, false);
      else { announce(`Rep ${ex.count} of ${ex.reps}.`); changed(); }
    }

    function toggleTimer() {
      begin();
      const timer = timed();
      if (!timer) return;
      const seconds = Math.ceil(timer.left() / 1000);
      if (timer.running) {
        timer.pause();
        figure(drawing, "stop");
        announce(`Paused, ${plural(seconds, "second", "seconds")} left.`);
      } else if (resumable(timer)) {
        timer.start();
        const what = timer === hold ? "Hold resumed" : timer === rest ? "Rest resumed"
          : timer === ready ? "Get ready resumed" : "Next rep resumed";
        announce(`${what}, ${plural(seconds, "second", "seconds")} left.`);
        if (timer === hold) move(drawing, lastPose(), 1500);
      } else {
        // A fresh hold started by hand (after Side done, Skip rest, Set done
        // or Reset as well) has the same get-ready as one started by a timer.
        getReady(firstHold() ? `${ex.title}. Get ready.` : "Get ready.", "");
      }
      changed();
    }

    // Nothing of this exercise done yet: its first hold comes after a get-ready.
    function firstHold() {
      return ex.set === 1 && ex.side === 0 && ex.count === 0
        && sideKeys.every((key) => !ex.done[key].length);
    }

    // Get-ready: spoken once; the live region says it at the start and at
    // 3, 2, 1 (as every countdown does), not every second, which would pile
    // up behind itself in a screen reader.
    function getReady(spoken, prefix) {
      ex.stage = "ready";
      ready.resize(readySeconds());
      ready.start();
      move(drawing, 0, 600);
      say(spoken);
      announce(`${prefix} Get ready: ${plural(ready.seconds, "second", "seconds")}.`.trim());
    }

    function readyDone() {
      ex.stage = "";
      ex.auto = true;
      startHold(0);
      changed();
    }

    function gapDone() {
      ex.stage = "";
      startHold(0);
      changed();
    }

    // `prefix`: what ended just before, said in the same announcement (a
    // second one at once would replace it unread).
    function startHold(toneDelay, prefix) {
      if (!hold) return;
      hold.reset();
      hold.start();
      tone("start", toneDelay);
      move(drawing, lastPose(), Math.min(1500, ex.hold * 500));
      if (heldReps) {
        announce(`${prefix || ""} Rep ${ex.count + 1} of ${ex.reps}.`.trim());
        return;
      }
      announce(
        `${prefix || ""} ${ex.reps ? `Rep ${ex.count + 1} of ${ex.reps}, hold ` : "Hold "}`.trim()
          + ` started: ${plural(ex.hold, "second", "seconds")}` + (ex.perSide ? `, ${sideName()}.` : "."),
      );
    }

    function holdDone() {
      tone("end");
      move(drawing, 0, Math.min(1500, REP_GAP * 500));
      if (ex.reps) {
        // With reps as well, each completed hold counts as one rep.
        ex.count += 1;
        const complete = heldReps ? "" : `Hold complete. Rep ${ex.count} of ${ex.reps}.`;
        if (ex.count < ex.reps) {
          announce(complete);
          // The next rep's hold after a moment back at the start.
          ex.auto = true;
          ex.stage = "gap";
          gap.reset();
          gap.start();
          changed();
          return;
        }
        finishSide(complete, true);
      } else {
        ex.count = ex.hold;
        finishSide("Hold complete.", true);
      }
    }

    // The set ends on this side: at the count reached, which is less than
    // the set asked for when "Set done" comes early. `auto`: a timer ended
    // it, so what comes next starts by itself.
    function finishSide(prefix, auto) {
      const reached = ex.reps ? ex.count : ex.count || (hold ? hold.done() : 0);
      ex.done[sideKey()].push(reached);
      if (hold) hold.reset();
      ex.count = 0;
      ex.auto = auto;
      ex.stage = "";
      if (ex.perSide && ex.side === 0) {
        ex.side = 1;
        figure(drawing, "show", 0, { mirrored: true });
        const message = `${prefix} ${capital(sideName(0))} done. Switch to the ${sideName(1)}.`.trim();
        const spoken = named ? `Switch sides: ${sideName(1)}.` : "Switch sides.";
        if (auto && hold) getReady(spoken, message);
        else { say(spoken); announce(message); }
      } else if (ex.set < ex.sets) {
        const done = `${prefix} Set ${ex.set} of ${ex.sets} complete.`;
        ex.set += 1;
        ex.side = 0;
        if (ex.perSide) figure(drawing, "show", 0, { mirrored: false });
        if (ex.rest) {
          ex.phase = "rest";
          rest.reset();
          rest.start();
          // Straight after a hold's end tone: a moment apart.
          tone("start", auto ? 0.35 : 0);
          move(drawing, 0, 600);
          say(`Rest ${plural(ex.rest, "second", "seconds")}.`);
          announce(`${done} Rest ${plural(ex.rest, "second", "seconds")}.`.trim());
        } else if (auto && hold) {
          getReady(setWords(), done);
        } else {
          say(setWords());
          announce(`${done} Next: ${where()}.`.trim());
        }
      } else {
        ex.phase = "done";
        ex.auto = false;
        figure(drawing, "show", 0, { mirrored: false });
        say("Exercise complete.");
        announce(`${prefix} ${ex.title} complete.`.trim());
      }
      changed();
    }

    function endRest(prefix, auto) {
      tone("end");
      rest.reset();
      ex.phase = "work";
      ex.auto = auto;
      say(setWords());
      // The rest was the time to get ready (its last 3 seconds ticked): the
      // hold starts at its end.
      if (auto && hold) startHold(0.35, `${prefix} Set ${ex.set} of ${ex.sets}.`);
      else announce(`${prefix} ${where()}.`);
      changed();
    }

    // Per side: what goes in the form, and the same in words.
    function tally(key) {
      const reached = ex.done[key].slice();
      const current = inProgress();
      const currentHere = current > 0 && sideKey() === key;
      const full = reached.filter((amount) => amount >= target).length;
      // Each unfinished set with its number: the sets are kept in order, and
      // the one under way is the current set.
      const short = reached
        .map((amount, i) => ({ set: i + 1, amount }))
        .filter(({ amount }) => amount > 0 && amount < target);
      if (currentHere) short.push({ set: ex.set, amount: current });
      const partial = short.map(({ amount }) => amount);
      let sets = full;
      let amount = target;
      if (!full && partial.length) {
        // Only unfinished sets: the best of them, as one set of what it reached.
        sets = 1;
        amount = Math.max(...partial);
      }
      return { full, partial, short, sets: ex.phase === "skipped" ? 0 : sets, amount };
    }

    const unit = (amount) => (ex.reps
      ? plural(amount, "rep", "reps") + (ex.hold ? `, holding ${ex.hold} s` : "")
      : `${amount} s hold`);

    function words(key) {
      const { full, partial, short } = tally(key);
      const label = key ? (key === "right" ? "Right side: " : "Left side: ") : "";
      if (!full && !partial.length) return `${label}nothing counted yet.`;
      if (!full) {
        const best = Math.max(...partial);
        return `${label}${plural(1, "set", "sets")} × ${unit(best)}, unfinished (${best} of ${target}).`;
      }
      let text = `${label}${plural(full, "set", "sets")} × ${unit(target)}`;
      if (short.length) {
        // Finished sets are what the form records (see README, "The dose
        // done"); an unfinished one, before or after them, is named, not counted.
        const reachedWords = (amount) => (ex.reps ? plural(amount, "rep", "reps") : `${amount} s`);
        const stopped = short.map(({ set, amount }) => `set ${set} stopped at ${reachedWords(amount)}`);
        text += `; ${stopped.join(", ")} (not counted)`;
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
      describeNav();
      save();
    }

    function showTime(text, bar, countdown, label) {
      const ms = countdown.left();
      const paused = countdown.running || countdown.fresh ? "" : " (paused)";
      bigTime(text, label, `${Math.ceil(ms / 1000)} s left${paused}`);
      bar.value = countdown.seconds - ms / 1000;
    }

    function render() {
      const active = document.activeElement;
      const finished = ex.phase === "done" || ex.phase === "skipped";
      li.classList.toggle("is-done", ex.phase === "done");
      li.classList.toggle("is-skipped", ex.phase === "skipped");
      li.classList.toggle("is-resting", ex.phase === "rest");
      progress.hidden = finished;
      work.hidden = finished || ex.phase === "rest";
      setText.textContent = `${ex.phase === "rest" ? "Up next: " : ""}Set ${ex.set} of ${ex.sets}`;
      sideText.hidden = !ex.perSide;
      sideText.textContent = capital(sideName());
      const stage = ex.phase === "work" ? ex.stage : "";
      readyBox.hidden = !stage;
      if (stage) {
        const countdown = stage === "ready" ? ready : gap;
        const paused = countdown.running ? "" : " (paused)";
        const seconds = Math.ceil(countdown.left() / 1000);
        if (stage === "ready") bigTime(readyText, "Get ready: ", `${seconds}${paused}`);
        else bigTime(readyText, "Next rep in ", `${seconds} s${paused}`);
      }
      li.classList.toggle("is-getting-ready", stage === "ready");
      if (repText) {
        bigTime(repText, "Rep ", `${ex.count} of ${ex.reps}`);
        repMinus.disabled = !ex.count;
      }
      if (hold) {
        // With reps, the hold is each rep's: the button says which rep.
        showTime(holdText, holdBar, hold, ex.reps ? "Hold: " : "");
        holdReset.hidden = ex.phase !== "work";
      }
      const timer = timed();
      toggle.hidden = finished || !timer;
      if (timer) {
        toggle.textContent = timer.running ? "Pause"
          : resumable(timer) ? "Resume"
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
      // The next exercise is the way on once this one is over.
      next.classList.toggle("button-secondary", !finished);
      // Never strand keyboard focus on a control that has just been hidden or disabled.
      if (active && controls.contains(active) && (active.disabled || active.closest("[hidden]"))) {
        (active === repMinus && !work.hidden ? work.querySelector("button") : next).focus();
      }
      if (self.running()) save();
    }

    const self = {
      running() {
        return Boolean((hold && hold.running) || (gap && gap.running) || ready.running || rest.running);
      },
      state() { return ex.phase; },
      leave,
      snapshot() {
        const stage = ex.phase === "rest" ? rest : ex.stage === "ready" ? ready : ex.stage === "gap" ? gap : null;
        return {
          id: data.exerciseId, set: ex.set, side: ex.side, count: ex.count,
          phase: ex.phase, stage: ex.phase === "work" ? ex.stage : "",
          stageMs: stage ? stage.elapsedMs : 0, auto: ex.auto,
          done: ex.done, touched: ex.touched,
          // A hold just started is under way too: it comes back as one to resume.
          holdMs: !hold ? 0 : hold.running ? Math.max(1, hold.elapsedMs) : hold.elapsedMs,
        };
      },
      // Timers come back paused where they were, for the person to resume.
      // Returns whether one was under way.
      restore(state) {
        if (!state || state.id !== data.exerciseId) return false;
        ex.set = Math.min(ex.sets, Math.max(1, toInt(state.set) || 1));
        ex.side = ex.perSide && state.side === 1 ? 1 : 0;
        ex.count = Math.min(toInt(state.count), Math.max(0, (ex.reps || 1) - 1));
        ex.phase = ["work", "rest", "done", "skipped"].includes(state.phase) ? state.phase : "work";
        if (ex.phase === "rest" && !ex.rest) ex.phase = "work";
        ex.stage = ex.phase === "work" && state.stage === "ready" ? "ready"
          : ex.phase === "work" && state.stage === "gap" && gap ? "gap" : "";
        ex.auto = Boolean(state.auto);
        sideKeys.forEach((key) => {
          const list = state.done && Array.isArray(state.done[key]) ? state.done[key] : [];
          ex.done[key] = list.slice(0, ex.sets).map(toInt);
        });
        ex.touched = Boolean(state.touched);
        // At least a millisecond in: a restored timer reads "Resume", not "Start".
        const stageMs = Math.max(1, toInt(state.stageMs));
        if (ex.phase === "rest") rest.restore(stageMs);
        else if (ex.stage === "ready") { ready.resize(readySeconds()); ready.restore(stageMs); }
        else if (ex.stage === "gap") gap.restore(stageMs);
        if (hold && ex.phase === "work" && !ex.stage) hold.restore(toInt(state.holdMs));
        figure(drawing, "show", 0, { mirrored: ex.side === 1 });
        return ex.phase === "rest" || Boolean(ex.stage) || Boolean(hold && !hold.fresh);
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

  // Audio may start only from a press: any button of the player will do.
  player.addEventListener("click", (event) => {
    if (event.target.closest("button")) unlockAudio();
  }, true);

  items.forEach(setUp);
  let paused = false;
  if (saved && Array.isArray(saved.exercises)) {
    exercises.forEach((item, index) => {
      if (item.restore(saved.exercises[index]) && index === current) paused = true;
    });
  }
  exercises.forEach((item) => item.refresh(startedAt !== null && !failedSubmit));
  if (finishTitle) finishTitle.tabIndex = -1;
  show(current, false);
  if (paused) announce("Paused where you left off: press Resume to go on.");

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
