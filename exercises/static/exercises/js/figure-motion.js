/* The session player's moving figure (templates/exercises/includes/
   figure_player.html). window.PsoasFigures:
     show(root, poseIndex, {mirrored})  jump to a pose, no animation;
     moveTo(root, poseIndex, durationMs) move there smoothly (under
       prefers-reduced-motion: reduce, nothing: the figure stands still in
       its pose, its caption and text unchanged);
     stop(root)                          stop where it is.
   `root` is the [data-figure] element; its data-figure-model holds the
   segments, the drawn parts and each key pose (exercises/figures/). Each
   frame interpolates the joint angles and places the segments end to end
   (forward kinematics, as exercises/figures/skeleton.py), so limbs keep
   their length; only SVG geometry attributes change, no inline style. */
(function () {
  "use strict";

  var motionQuery = window.matchMedia ? window.matchMedia("(prefers-reduced-motion: reduce)") : null;
  var states = new WeakMap();
  var moving = new Set();

  function reduced() {
    return Boolean(motionQuery && motionQuery.matches);
  }

  function round(value) {
    return Math.round(value * 10) / 10;
  }

  function stateOf(root) {
    var state = states.get(root);
    if (!state) {
      var model = JSON.parse(root.getAttribute("data-figure-model"));
      var shapes = {};
      root.querySelectorAll("[data-part]").forEach(function (shape) {
        (shapes[shape.getAttribute("data-part")] = shapes[shape.getAttribute("data-part")] || []).push(shape);
      });
      state = {
        model: model,
        shapes: shapes,
        pose: copy(model.poses[0]),
        index: 0,
        mirrored: false,
        frame: null,
      };
      states.set(root, state);
    }
    return state;
  }

  function copy(pose) {
    return { hip: pose.hip.slice(), angles: Object.assign({}, pose.angles) };
  }

  function between(from, to, t) {
    var angles = {};
    Object.keys(from.angles).forEach(function (name) {
      var a = from.angles[name];
      var turn = ((((to.angles[name] - a + 180) % 360) + 360) % 360) - 180;
      angles[name] = a + turn * t;
    });
    return {
      hip: [from.hip[0] + (to.hip[0] - from.hip[0]) * t, from.hip[1] + (to.hip[1] - from.hip[1]) * t],
      angles: angles,
    };
  }

  function joints(model, pose) {
    var points = { hip: pose.hip };
    model.segments.forEach(function (segment) {
      var name = segment[0], start = points[segment[1]], length = segment[2];
      var angle = (pose.angles[name] * Math.PI) / 180;
      points[name] = [start[0] + length * Math.cos(angle), start[1] + length * Math.sin(angle)];
    });
    return points;
  }

  function parentOf(model, name) {
    for (var i = 0; i < model.segments.length; i += 1) {
      if (model.segments[i][0] === name) return model.segments[i][1];
    }
    return null;
  }

  function draw(root, state) {
    var model = state.model;
    var points = joints(model, state.pose);
    Object.keys(model.chains).forEach(function (chain) {
      var names = model.chains[chain];
      var line = [points[parentOf(model, names[0])]].concat(names.map(function (name) { return points[name]; }));
      var text = line.map(function (p) { return round(p[0]) + "," + round(p[1]); }).join(" ");
      (state.shapes[chain] || []).forEach(function (shape) { shape.setAttribute("points", text); });
    });
    (state.shapes.head || []).forEach(function (head) {
      head.setAttribute("cx", round(points.neck[0]));
      head.setAttribute("cy", round(points.neck[1]));
    });
  }

  function label(root, state, index) {
    var side = state.mirrored ? 1 : 0;
    var art = root.querySelector("[data-figure-art]");
    var caption = root.querySelector("[data-figure-caption]");
    if (art && state.model.texts) art.setAttribute("aria-label", state.model.texts[side][index]);
    if (caption && state.model.captions) caption.textContent = state.model.captions[side][index];
  }

  function arrows(root, index) {
    root.querySelectorAll("[data-arrows]").forEach(function (group) {
      group.toggleAttribute("hidden", index === null || Number(group.getAttribute("data-arrows")) !== index);
    });
  }

  function mirror(root, state) {
    var group = root.querySelector("[data-flip]");
    if (!group) return;
    var frame = state.model.frame;
    if (state.mirrored) {
      group.setAttribute("transform", "matrix(-1 0 0 1 " + (2 * frame[0] + frame[2]) + " 0)");
    } else {
      group.removeAttribute("transform");
    }
  }

  function clamp(root, state, index) {
    var last = state.model.poses.length - 1;
    return Math.max(0, Math.min(last, Number(index) || 0));
  }

  function stop(root) {
    var state = stateOf(root);
    if (state.frame !== null) {
      window.cancelAnimationFrame(state.frame);
      state.frame = null;
    }
    moving.delete(root);
  }

  function arrive(root, state, index) {
    state.pose = copy(state.model.poses[index]);
    state.index = index;
    state.target = null;
    draw(root, state);
    arrows(root, index);
    label(root, state, index);
    root.setAttribute("data-pose", String(index));
    root.removeAttribute("data-moving");
  }

  function show(root, poseIndex, options) {
    var state = stateOf(root);
    stop(root);
    if (options && typeof options.mirrored === "boolean") {
      state.mirrored = options.mirrored;
      mirror(root, state);
    }
    arrive(root, state, clamp(root, state, poseIndex));
  }

  function moveTo(root, poseIndex, durationMs) {
    var state = stateOf(root);
    var index = clamp(root, state, poseIndex);
    stop(root);
    // Under reduced motion the figure stands still: no jump between poses
    // on every rep either (show() still mirrors it for the other side).
    if (reduced()) return;
    if (!(durationMs > 0)) {
      arrive(root, state, index);
      return;
    }
    var from = copy(state.pose);
    var to = state.model.poses[index];
    var started = null;
    state.target = index;
    arrows(root, null);
    root.setAttribute("data-moving", "");
    moving.add(root);
    function step(now) {
      if (started === null) started = now;
      var t = Math.min(1, (now - started) / durationMs);
      if (t >= 1) {
        state.frame = null;
        moving.delete(root);
        arrive(root, state, index);
        return;
      }
      // Ease in and out, as a body starts and ends a movement.
      state.pose = between(from, to, (1 - Math.cos(Math.PI * t)) / 2);
      draw(root, state);
      state.frame = window.requestAnimationFrame(step);
    }
    state.frame = window.requestAnimationFrame(step);
  }

  // Reduced motion turned on mid-move: finish each move at once.
  if (motionQuery && motionQuery.addEventListener) {
    motionQuery.addEventListener("change", function () {
      if (!reduced()) return;
      Array.from(moving).forEach(function (root) {
        var state = stateOf(root);
        var target = state.target;
        stop(root);
        if (typeof target === "number") arrive(root, state, target);
      });
    });
  }

  window.PsoasFigures = { show: show, moveTo: moveTo, stop: stop };
})();
